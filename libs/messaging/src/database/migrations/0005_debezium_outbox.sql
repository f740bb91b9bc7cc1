-- 0005: the outbox of queues on the `debezium` transport. Tenaz only writes it (in the caller's
-- transaction, or its own for a plain publish); Debezium reads the inserts from the WAL through a
-- publication and its outbox event router publishes each row to Kafka (docs/kafka.md). Runs with
-- search_path set to the library's schema.

-- Debezium's outbox event router reads id, aggregatetype, aggregateid, type and payload by
-- default; the other columns travel as Kafka headers (deploy/debezium/tenaz-outbox.json). Rows are
-- only ever inserted: the router expects an append-only table, and the publication carries inserts.
CREATE TABLE debezium_outbox (
    -- the message id: Kafka header `id`, what consumers deduplicate by
    id              uuid         PRIMARY KEY,
    -- the queue: the router routes by it (topic tenaz.<queue>)
    aggregatetype   varchar(100) NOT NULL,
    -- the ordering key: the Kafka record key, so one key keeps one partition and its order
    aggregateid     varchar(255) NOT NULL,
    -- the message type
    type            varchar(100) NOT NULL,
    payload         jsonb        NOT NULL,
    headers         jsonb        NOT NULL DEFAULT '{}',
    priority        integer      NOT NULL DEFAULT 0 CHECK (priority BETWEEN 0 AND 2),
    correlation_id  varchar(100),
    tenant_id       varchar(50),
    country_code    varchar(3),
    created_at      timestamptz  NOT NULL DEFAULT now(),
    -- insertion order, for people reading the table (Kafka's order is the WAL's commit order)
    seq             bigint       GENERATED ALWAYS AS IDENTITY
);

-- Retention cleanup deletes by age; the WAL, not the table, is what Debezium reads, so a deleted
-- row has already been streamed (or is still held by the replication slot).
CREATE INDEX debezium_outbox_created_idx ON debezium_outbox (created_at);
