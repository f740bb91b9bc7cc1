-- How long the oldest ready message of a RabbitMQ queue has been due, estimated from the enqueue
-- counts: a FIFO queue holding R ready messages holds the newest R, so walking back from now the
-- second whose count covers R holds the oldest one; inside that second, due times are taken as
-- evenly spread between its first and last. When the counts never cover R (messages published by
-- something else, or older than the ledger's retention) the earliest recorded due time is used.
-- {schema} the library's schema
-- $1 text   queue name
-- $2 int[]  priorities
-- $3 int[]  ready messages of each priority's queue (AMQP queue.declare)
-- returns   oldest_pending_age_ms: 0 when nothing is ready or nothing was recorded
WITH ready AS (
    SELECT r.priority, r.ready
    FROM unnest($2::int[], $3::int[]) AS r(priority, ready)
    WHERE r.ready > 0
), seconds AS (
    SELECT e.priority, e.due_second, sum(e.messages)::bigint AS messages,
           min(e.first_due_at) AS first_due_at, max(e.last_due_at) AS last_due_at
    FROM {schema}.rabbitmq_enqueued AS e
    JOIN ready ON ready.priority = e.priority
    WHERE e.queue_name = $1 AND e.due_second <= now()
    GROUP BY e.priority, e.due_second
), walked AS (
    SELECT s.*, sum(s.messages) OVER (PARTITION BY s.priority ORDER BY s.due_second DESC) AS newer_inclusive
    FROM seconds AS s
), oldest AS (
    SELECT coalesce(
               (SELECT w.last_due_at - (w.last_due_at - w.first_due_at)
                       * least(1, (r.ready - (w.newer_inclusive - w.messages))::float8 / w.messages)
                FROM walked AS w
                WHERE w.priority = r.priority AND w.newer_inclusive >= r.ready
                ORDER BY w.due_second DESC
                LIMIT 1),
               (SELECT min(w.first_due_at) FROM walked AS w WHERE w.priority = r.priority)) AS due_at
    FROM ready AS r
)
SELECT coalesce(max(extract(epoch FROM now() - oldest.due_at) * 1000), 0)::float8 AS oldest_pending_age_ms
FROM oldest
