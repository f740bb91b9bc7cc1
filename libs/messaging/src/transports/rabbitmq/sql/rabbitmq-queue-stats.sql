-- Messages of a RabbitMQ queue that other live instances hold (the caller adds its own live count).
-- {schema} the library's schema
-- $1 text  queue name
-- $2 text  the calling instance's id (its own row is left out)
-- $3 int   milliseconds after which an instance's held count is stale (it stopped refreshing)
-- returns  one row: others_held
SELECT coalesce(sum(held), 0)::int AS others_held
FROM {schema}.rabbitmq_consumers
WHERE queue_name = $1 AND instance_id <> $2 AND updated_at > now() - $3 * interval '1 millisecond'
