-- Serialises the service's migrations across processes that start together: a session-level
-- advisory lock held on a connection of its own while the migrations run on another.
-- $1 text  the lock's name, hashed to the lock key ('tenaz:tracking:migrations')
SELECT pg_advisory_lock(hashtext($1))
