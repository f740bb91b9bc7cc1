-- Records how many messages of each RabbitMQ queue one instance holds (buffered or running).
-- {schema} the library's schema
-- $1 text[]  queue names
-- $2 text    instance id
-- $3 int[]   messages held, per queue
INSERT INTO {schema}.rabbitmq_consumers AS c (queue_name, instance_id, held, updated_at)
SELECT t.queue_name, $2, t.held, now()
FROM unnest($1::text[], $3::int[]) AS t(queue_name, held)
ON CONFLICT (queue_name, instance_id) DO UPDATE
SET held = excluded.held, updated_at = excluded.updated_at
