-- How long until the next pending outbox row may be relayed (a failing row backs off), so an idle
-- relay sleeps exactly until then rather than until the polling backstop.
-- {schema} the library's schema
-- returns  due_in_ms: milliseconds (0 or less when already due), NULL when nothing is pending
SELECT (extract(epoch FROM min(next_attempt_at) - now()) * 1000)::float8 AS due_in_ms
FROM {schema}.outbox
WHERE status = 'pending'
