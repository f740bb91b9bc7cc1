-- 0002: the inbox of idempotent consumers: one row per (consumer, message) handled, written in
-- the handler's transaction so a redelivered message is recognised and its effects run once.

CREATE TABLE inbox (
    consumer_name  varchar(100) NOT NULL,
    message_id     uuid         NOT NULL,
    processed_at   timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_name, message_id)
);

-- Retention cleanup deletes the oldest records first.
CREATE INDEX inbox_processed_at_idx ON inbox (processed_at);
