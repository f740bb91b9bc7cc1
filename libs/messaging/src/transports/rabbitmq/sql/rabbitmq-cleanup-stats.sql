-- Deletes RabbitMQ statistics past their retention: enqueue counts older than the oldest backlog
-- worth measuring, held counts of instances that stopped refreshing them long ago.
-- {schema} the library's schema
-- $1 int  enqueue-count retention in milliseconds
-- $2 int  held-count retention in milliseconds
-- returns deleted: rows deleted
WITH enqueued AS (
    DELETE FROM {schema}.rabbitmq_enqueued
    WHERE due_second < now() - $1 * interval '1 millisecond'
    RETURNING 1
), consumers AS (
    DELETE FROM {schema}.rabbitmq_consumers
    WHERE updated_at < now() - $2 * interval '1 millisecond'
    RETURNING 1
)
SELECT ((SELECT count(*) FROM enqueued) + (SELECT count(*) FROM consumers))::int AS deleted
