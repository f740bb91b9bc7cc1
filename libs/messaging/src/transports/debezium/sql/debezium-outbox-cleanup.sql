-- Deletes one batch of Debezium outbox rows older than their retention, oldest first. Called in a
-- loop by one process at a time until a batch comes back short. Debezium has read them from the
-- WAL long before (or its replication slot still holds them); the publication streams inserts only.
-- {schema} the library's schema
-- $1 text  queue name
-- $2 int   retention in milliseconds
-- $3 int   batch size
-- returns  one row per row deleted
DELETE FROM {schema}.debezium_outbox
WHERE id IN (
    SELECT id
    FROM {schema}.debezium_outbox
    WHERE aggregatetype = $1 AND created_at < now() - $2 * interval '1 millisecond'
    ORDER BY created_at
    LIMIT $3
)
RETURNING id
