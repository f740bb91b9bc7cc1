-- 0003: the transactional outbox that feeds RabbitMQ queues, and the statistics RabbitMQ cannot
-- answer over AMQP (it has no management API here). Runs with search_path set to the library's schema.

-- One row per message written by publishTransactional (in the caller's transaction) or spilled by
-- publish while RabbitMQ was down. A relay publishes rows with confirms and marks them sent only
-- after the broker's ack. The seed's OutboxEvent fields (Id, EventType, Payload, CreatedAt,
-- ProcessedAt, RetryCount, Status) and Debezium's outbox event router columns (id, aggregatetype,
-- aggregateid, type, payload) are both here, so Debezium can read this table unchanged.
CREATE TABLE outbox (
    id               uuid         PRIMARY KEY,
    -- the destination queue (Debezium routes by it)
    aggregatetype    varchar(100) NOT NULL,
    -- the ordering key: rows of one aggregate are published in insertion order (Debezium's message key)
    aggregateid      varchar(255) NOT NULL,
    -- the message type, the seed's EventType
    type             varchar(100) NOT NULL,
    payload          jsonb        NOT NULL,
    headers          jsonb        NOT NULL DEFAULT '{}',
    priority         integer      NOT NULL DEFAULT 0 CHECK (priority BETWEEN 0 AND 2),
    delay_ms         bigint       NOT NULL DEFAULT 0,
    max_retries      integer      NOT NULL,
    retry_delay_ms   integer,
    correlation_id   varchar(100),
    tenant_id        varchar(50),
    country_code     varchar(3),
    created_at       timestamptz  NOT NULL DEFAULT now(),
    -- when the broker confirmed the row's message
    processed_at     timestamptz,
    -- failed relay attempts so far
    retry_count      integer      NOT NULL DEFAULT 0,
    -- pending, sent, failed (the seed's Pending/Sent/Failed); failed rows wait for an operator's retry
    status           varchar(10)  NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    last_error       text,
    -- a failing row backs off: it is not tried again before this
    next_attempt_at  timestamptz  NOT NULL DEFAULT now(),
    -- insertion order, the order within an aggregate
    seq              bigint       GENERATED ALWAYS AS IDENTITY
);

-- Relays walk the backlog in insertion order.
CREATE INDEX outbox_pending_idx ON outbox (seq) WHERE status = 'pending';
-- "Is an earlier row of this aggregate still unsent?" Partial: sent rows, the bulk, stay out.
CREATE INDEX outbox_unsent_aggregate_idx ON outbox (aggregateid, seq) WHERE status <> 'sent';
-- Retention cleanup deletes sent rows by age.
CREATE INDEX outbox_sent_idx ON outbox (processed_at) WHERE status = 'sent';

-- Settled attempts of RabbitMQ queues, per instance and second, so health() adds them up across
-- every process that consumes a queue. End-to-end times are bucket counts (see latency-histogram.ts).
CREATE TABLE rabbitmq_settlement_stats (
    queue_name            varchar(100) NOT NULL,
    bucket_start          timestamptz  NOT NULL,
    instance_id           varchar(100) NOT NULL,
    attempts              integer      NOT NULL,
    failed_attempts       integer      NOT NULL,
    completed             integer      NOT NULL,
    -- summed over completed attempts: from hand-over to the consumer until the ack
    processing_ms         float8       NOT NULL,
    end_to_end_histogram  integer[]    NOT NULL,
    PRIMARY KEY (queue_name, bucket_start, instance_id)
);

-- Messages put into RabbitMQ work queues, counted per second in which they become due. With the
-- ready count of a queue (AMQP queue.declare) this tells how long its oldest ready message has
-- waited: FIFO queues hold the newest messages, so walk back from now until the count is covered.
CREATE TABLE rabbitmq_enqueued (
    queue_name    varchar(100) NOT NULL,
    priority      integer      NOT NULL,
    due_second    timestamptz  NOT NULL,
    instance_id   varchar(100) NOT NULL,
    messages      integer      NOT NULL,
    first_due_at  timestamptz  NOT NULL,
    last_due_at   timestamptz  NOT NULL,
    PRIMARY KEY (queue_name, priority, due_second, instance_id)
);

-- Messages each instance holds (buffered or running), refreshed every second while it consumes.
CREATE TABLE rabbitmq_consumers (
    queue_name   varchar(100) NOT NULL,
    instance_id  varchar(100) NOT NULL,
    held         integer      NOT NULL,
    updated_at   timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (queue_name, instance_id)
);
