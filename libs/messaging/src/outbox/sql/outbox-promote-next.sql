-- Makes the next waiting row of each given aggregate pending, once nothing before it is unsent.
-- Run in the relay's transaction right after outbox-mark-sent.sql, for the aggregates it sent.
-- {schema} the library's schema
-- $1 text[]  aggregate ids whose row was just sent
-- returns    one row per row promoted
UPDATE {schema}.outbox AS o
SET status = 'pending'
FROM (
    SELECT next.id
    FROM unnest($1::text[]) AS sent(aggregateid)
    CROSS JOIN LATERAL (
        SELECT w.id FROM {schema}.outbox AS w
        WHERE w.aggregateid = sent.aggregateid AND w.status = 'waiting'
        ORDER BY w.seq
        LIMIT 1) AS next
) AS heads
WHERE o.id = heads.id AND o.status = 'waiting'
  AND NOT EXISTS (
      SELECT 1 FROM {schema}.outbox AS earlier
      WHERE earlier.aggregateid = o.aggregateid AND earlier.seq < o.seq AND earlier.status IN ('pending', 'failed'))
RETURNING o.id
