-- One process at a time deletes expired idempotency keys; the others skip their turn instead of
-- queueing behind it. Key: hashtext('tenaz:notifications:idempotency-cleanup'). Held to the end
-- of the surrounding transaction (one batch).
-- No parameters.
SELECT pg_try_advisory_xact_lock(hashtext('tenaz:notifications:idempotency-cleanup')) AS locked
