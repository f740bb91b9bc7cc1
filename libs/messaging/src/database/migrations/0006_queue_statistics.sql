-- 0006: health figures from per-queue aggregates instead of completed rows, so that a handled
-- message costs one write on the queue table after its claim: the acknowledgement deletes it.
-- Runs with search_path set to the library's schema. Upgrading: stop consumers of the previous
-- version first (they mark rows completed, which nothing deletes any more).

-- Attempts settled and messages published, per queue, second and instance, on every transport:
-- each instance adds its counts every second, health() sums a window over all instances, the
-- dashboard's history groups them by minute. Latencies are bucket counts (latency-histogram.ts).
CREATE TABLE queue_stats (
    queue_name            varchar(100) NOT NULL,
    bucket_start          timestamptz  NOT NULL,
    instance_id           varchar(100) NOT NULL,
    published             integer      NOT NULL,
    attempts              integer      NOT NULL,
    failed_attempts       integer      NOT NULL,
    completed             integer      NOT NULL,
    dead_lettered         integer      NOT NULL,
    -- summed over completed attempts: from hand-over to the handler until its outcome
    processing_ms         float8       NOT NULL,
    processing_histogram  integer[]    NOT NULL,
    -- completed attempts, from due to completion
    end_to_end_histogram  integer[]    NOT NULL,
    PRIMARY KEY (queue_name, bucket_start, instance_id)
);
-- Retention deletes the oldest seconds first, across queues and instances.
CREATE INDEX queue_stats_bucket_start_idx ON queue_stats (bucket_start);

-- RabbitMQ's settled attempts now go to queue_stats with everyone else's.
DROP TABLE rabbitmq_settlement_stats;

-- Completed rows are no longer kept: health reads queue_stats.
DELETE FROM reliable_messages WHERE status = 'completed';
DROP INDEX reliable_messages_finished_idx;
-- Dead-letter listings, newest first, and their retention.
CREATE INDEX reliable_messages_dead_letter_idx ON reliable_messages (queue_name, processed_at) WHERE status = 'failed';

-- Live claims: counted by health, scanned for expired leases. The lease column stays out of every
-- index (key and predicate), so renewing a lease is a HOT update that touches no index.
DROP INDEX reliable_messages_lease_idx;
CREATE INDEX reliable_messages_held_idx ON reliable_messages (queue_name) WHERE status = 'processing';
