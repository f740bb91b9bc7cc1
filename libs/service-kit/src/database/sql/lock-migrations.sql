-- Serialises a service's migrations across processes that start together: a session-level
-- advisory lock held on a connection of its own (outside the pool, so without the pool's statement
-- and lock bounds: it may wait for another replica's migrations however long they take) while the
-- migrations run on pool connections.
-- $1 text  the lock's name, hashed to the lock key ('tenaz:<schema>:migrations')
SELECT pg_advisory_lock(hashtext($1))
