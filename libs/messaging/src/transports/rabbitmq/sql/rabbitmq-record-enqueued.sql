-- Adds one instance's count of messages put into RabbitMQ work queues, per second they become due.
-- {schema} the library's schema
-- $1 jsonb  array of { queue_name, priority, due_second, instance_id, messages, first_due_at,
--           last_due_at }, at most one entry per (queue_name, priority, due_second, instance_id)
INSERT INTO {schema}.rabbitmq_enqueued AS e (
    queue_name, priority, due_second, instance_id, messages, first_due_at, last_due_at)
SELECT r.queue_name, r.priority, r.due_second, r.instance_id, r.messages, r.first_due_at, r.last_due_at
FROM jsonb_to_recordset($1::jsonb) AS r(
    queue_name text, priority int, due_second timestamptz, instance_id text, messages int,
    first_due_at timestamptz, last_due_at timestamptz)
ON CONFLICT (queue_name, priority, due_second, instance_id) DO UPDATE
SET messages = e.messages + excluded.messages,
    first_due_at = least(e.first_due_at, excluded.first_due_at),
    last_due_at = greatest(e.last_due_at, excluded.last_due_at)
