-- Deletes handled messages: the one write a message costs after its claim. What health needs of
-- them (counts, latencies) each consumer adds up in queue_stats instead.
-- Commits asynchronously, as claims do (claim-messages.sql): an acknowledgement lost in a
-- database crash (not a clean restart) makes its message run again once its lease lapses, the
-- duplicate at-least-once delivery allows (an inbox makes a handler see it once); the message
-- itself is never lost. Retries, dead letters and releases stay durable commits.
-- {schema} the library's schema
-- $1 uuid[]  ids
-- $2 int[]   the attempt each was claimed at (a lost lease makes the ack a no-op)
-- returns    the ids acknowledged
DELETE FROM {schema}.reliable_messages AS m
USING unnest($1::uuid[], $2::int[]) AS done(id, attempts), (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit
WHERE m.id = done.id AND m.attempts = done.attempts AND m.status = 'processing'
RETURNING m.id
