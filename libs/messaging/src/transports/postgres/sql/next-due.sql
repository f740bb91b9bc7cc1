-- How long until the queue's next pending message is due, so an idle consumer sleeps exactly
-- until then (a delayed message or a retry) rather than until the next poll. One index probe
-- per priority on the claim index.
-- {schema} the library's schema
-- $1 text  queue name
-- returns  due_in_ms: milliseconds (0 or less when already due), NULL when nothing is pending
SELECT (extract(epoch FROM min(next.scheduled_for) - now()) * 1000)::float8 AS due_in_ms
FROM unnest(ARRAY[2, 1, 0]) AS p(priority)
CROSS JOIN LATERAL (
    SELECT scheduled_for
    FROM {schema}.reliable_messages
    WHERE queue_name = $1 AND status = 'pending' AND priority = p.priority
    ORDER BY scheduled_for
    LIMIT 1
) AS next
