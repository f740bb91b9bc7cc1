-- Releases the lock taken by lock-migrations.sql.
-- $1 text  the lock's name, hashed to the lock key ('tenaz:<schema>:migrations')
SELECT pg_advisory_unlock(hashtext($1))
