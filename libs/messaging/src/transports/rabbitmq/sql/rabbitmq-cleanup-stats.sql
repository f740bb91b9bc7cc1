-- Deletes RabbitMQ statistics past their retention: settled attempts older than the longest
-- health window kept, enqueue counts older than the oldest backlog worth measuring, held counts of
-- instances that stopped refreshing them long ago.
-- {schema} the library's schema
-- $1 int  settled-attempt retention in milliseconds
-- $2 int  enqueue-count retention in milliseconds
-- $3 int  held-count retention in milliseconds
-- returns deleted: rows deleted
WITH settlements AS (
    DELETE FROM {schema}.rabbitmq_settlement_stats
    WHERE bucket_start < now() - $1 * interval '1 millisecond'
    RETURNING 1
), enqueued AS (
    DELETE FROM {schema}.rabbitmq_enqueued
    WHERE due_second < now() - $2 * interval '1 millisecond'
    RETURNING 1
), consumers AS (
    DELETE FROM {schema}.rabbitmq_consumers
    WHERE updated_at < now() - $3 * interval '1 millisecond'
    RETURNING 1
)
SELECT ((SELECT count(*) FROM settlements) + (SELECT count(*) FROM enqueued) + (SELECT count(*) FROM consumers))::int AS deleted
