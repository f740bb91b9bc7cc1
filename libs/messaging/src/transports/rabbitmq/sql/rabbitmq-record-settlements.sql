-- Adds one instance's settled attempts of RabbitMQ queues to the per-second statistics.
-- {schema} the library's schema
-- $1 jsonb  array of { queue_name, bucket_start, instance_id, attempts, failed_attempts, completed,
--           processing_ms, histogram (end-to-end counts per bucket, see latency-histogram.ts) },
--           at most one entry per (queue_name, bucket_start, instance_id)
INSERT INTO {schema}.rabbitmq_settlement_stats AS s (
    queue_name, bucket_start, instance_id, attempts, failed_attempts, completed, processing_ms,
    end_to_end_histogram)
SELECT r.queue_name, r.bucket_start, r.instance_id, r.attempts, r.failed_attempts, r.completed,
       r.processing_ms,
       ARRAY(SELECT e.value::int FROM jsonb_array_elements_text(r.histogram) WITH ORDINALITY AS e(value, position) ORDER BY e.position)
FROM jsonb_to_recordset($1::jsonb) AS r(
    queue_name text, bucket_start timestamptz, instance_id text, attempts int, failed_attempts int,
    completed int, processing_ms float8, histogram jsonb)
ON CONFLICT (queue_name, bucket_start, instance_id) DO UPDATE
SET attempts = s.attempts + excluded.attempts,
    failed_attempts = s.failed_attempts + excluded.failed_attempts,
    completed = s.completed + excluded.completed,
    processing_ms = s.processing_ms + excluded.processing_ms,
    end_to_end_histogram = ARRAY(
        SELECT coalesce(t.a, 0) + coalesce(t.b, 0)
        FROM unnest(s.end_to_end_histogram, excluded.end_to_end_histogram) WITH ORDINALITY AS t(a, b, position)
        ORDER BY t.position)
