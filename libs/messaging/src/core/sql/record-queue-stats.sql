-- Adds one instance's counts (published messages, settled attempts) to the per-second statistics.
-- {schema} the library's schema
-- $1 jsonb  array of { queue_name, bucket_start, instance_id, published, attempts, failed_attempts,
--           completed, dead_lettered, processing_ms, processing_histogram, end_to_end_histogram
--           (counts per bucket, see latency-histogram.ts) }, at most one entry per
--           (queue_name, bucket_start, instance_id)
INSERT INTO {schema}.queue_stats AS s (
    queue_name, bucket_start, instance_id, published, attempts, failed_attempts, completed,
    dead_lettered, processing_ms, processing_histogram, end_to_end_histogram)
SELECT r.queue_name, r.bucket_start, r.instance_id, r.published, r.attempts, r.failed_attempts,
       r.completed, r.dead_lettered, r.processing_ms,
       ARRAY(SELECT e.value::int FROM jsonb_array_elements_text(r.processing_histogram) WITH ORDINALITY AS e(value, position) ORDER BY e.position),
       ARRAY(SELECT e.value::int FROM jsonb_array_elements_text(r.end_to_end_histogram) WITH ORDINALITY AS e(value, position) ORDER BY e.position)
FROM jsonb_to_recordset($1::jsonb) AS r(
    queue_name text, bucket_start timestamptz, instance_id text, published int, attempts int,
    failed_attempts int, completed int, dead_lettered int, processing_ms float8,
    processing_histogram jsonb, end_to_end_histogram jsonb)
ON CONFLICT (queue_name, bucket_start, instance_id) DO UPDATE
SET published = s.published + excluded.published,
    attempts = s.attempts + excluded.attempts,
    failed_attempts = s.failed_attempts + excluded.failed_attempts,
    completed = s.completed + excluded.completed,
    dead_lettered = s.dead_lettered + excluded.dead_lettered,
    processing_ms = s.processing_ms + excluded.processing_ms,
    processing_histogram = ARRAY(
        SELECT coalesce(t.a, 0) + coalesce(t.b, 0)
        FROM unnest(s.processing_histogram, excluded.processing_histogram) WITH ORDINALITY AS t(a, b, position)
        ORDER BY t.position),
    end_to_end_histogram = ARRAY(
        SELECT coalesce(t.a, 0) + coalesce(t.b, 0)
        FROM unnest(s.end_to_end_histogram, excluded.end_to_end_histogram) WITH ORDINALITY AS t(a, b, position)
        ORDER BY t.position)
