-- Size and tuple counts of every table in schema $1, with its indexes: what the backlog run
-- reports before and after, without naming any system's tables.
-- $1 name  the schema
SELECT c.relname AS table_name,
       pg_relation_size(c.oid) AS heap_bytes,
       pg_indexes_size(c.oid) AS index_bytes,
       pg_total_relation_size(c.oid) AS total_bytes,
       s.n_live_tup AS live_tuples,
       s.n_dead_tup AS dead_tuples,
       s.vacuum_count + s.autovacuum_count AS vacuums
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_stat_user_tables s ON s.relid = c.oid
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')
ORDER BY pg_total_relation_size(c.oid) DESC
