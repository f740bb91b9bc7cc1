-- One cleaner per schema at a time: the others skip their turn instead of queueing behind it.
-- Key: hashtext('tenaz:cleanup:' || schema). Held to the end of the surrounding transaction.
-- $1 text  schema name
SELECT pg_try_advisory_xact_lock(hashtext('tenaz:cleanup:' || $1)) AS locked
