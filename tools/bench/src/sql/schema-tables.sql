-- The ordinary tables of schema $1 (to VACUUM ANALYZE after a prefill).
-- $1 name  the schema
SELECT c.relname AS table_name
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relkind = 'r'
ORDER BY c.relname
