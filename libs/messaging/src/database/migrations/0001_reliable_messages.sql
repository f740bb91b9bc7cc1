-- 0001: the queue table from the customer's strategy (reliable_messages), plus what leases,
-- retries, dead letters and latency accounting need. Runs with search_path set to the library's schema.

CREATE TABLE reliable_messages (
    id                  uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    queue_name          varchar(100) NOT NULL,
    message_type        varchar(100) NOT NULL,
    payload             jsonb        NOT NULL,
    headers             jsonb        NOT NULL DEFAULT '{}',
    priority            integer      NOT NULL DEFAULT 0 CHECK (priority BETWEEN 0 AND 2),
    created_at          timestamptz  NOT NULL DEFAULT now(),
    -- when the message is next due: creation plus delay, or the time a retry waits for
    scheduled_for       timestamptz  NOT NULL DEFAULT now(),
    -- when the message first became due; end-to-end latency runs from here to completion
    first_due_at        timestamptz  NOT NULL DEFAULT now(),
    processed_at        timestamptz,
    retry_count         integer      NOT NULL DEFAULT 0,
    max_retries         integer      NOT NULL DEFAULT 3,
    retry_delay_ms      integer,
    -- pending, processing, completed, failed (the seed's names; failed = dead-lettered)
    status              varchar(20)  NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'processing', 'completed', 'failed')),
    correlation_id      varchar(100),
    tenant_id           varchar(50),
    country_code        varchar(3),
    -- claims so far, the current one included; a claim whose lease expired still counts
    attempts            integer      NOT NULL DEFAULT 0,
    lease_expires_at    timestamptz,
    locked_by           varchar(100),
    started_at          timestamptz,
    last_error          text,
    last_failed_at      timestamptz,
    dead_letter_reason  text,
    -- breaks ties in FIFO order between messages due at the same instant (one batch shares now())
    seq                 bigint       GENERATED ALWAYS AS IDENTITY
);

-- Claims walk this in the order they take messages. Partial, so it holds only the backlog and
-- stays small however many completed rows wait for cleanup. Replaces the seed's two indexes.
CREATE INDEX reliable_messages_claim_idx
    ON reliable_messages (queue_name, priority DESC, scheduled_for, seq)
    WHERE status = 'pending';

-- Finds expired leases and counts live claims.
CREATE INDEX reliable_messages_lease_idx
    ON reliable_messages (queue_name, lease_expires_at)
    WHERE status = 'processing';

-- Health windows, dead-letter listings and retention cleanup read finished messages by time.
CREATE INDEX reliable_messages_finished_idx
    ON reliable_messages (queue_name, status, processed_at)
    WHERE status IN ('completed', 'failed');
