-- The relays' periodic repair: a row written 'waiting' while the row before it was being sent
-- (neither transaction saw the other's) has nothing left ahead and nobody to promote it. Walks the
-- distinct aggregates with waiting rows (a skip scan of outbox_waiting_idx: one probe per
-- aggregate, however many rows each holds) and makes the first waiting row of each pending when no
-- earlier row of it is pending or failed.
-- {schema} the library's schema
-- returns  one row per row promoted
WITH RECURSIVE waiting_keys AS (
    (SELECT aggregateid FROM {schema}.outbox WHERE status = 'waiting' ORDER BY aggregateid LIMIT 1)
    UNION ALL
    SELECT (SELECT w.aggregateid FROM {schema}.outbox AS w
            WHERE w.status = 'waiting' AND w.aggregateid > k.aggregateid
            ORDER BY w.aggregateid LIMIT 1)
    FROM waiting_keys AS k
    WHERE k.aggregateid IS NOT NULL
), heads AS (
    SELECT (SELECT w.id FROM {schema}.outbox AS w
            WHERE w.aggregateid = k.aggregateid AND w.status = 'waiting'
            ORDER BY w.seq LIMIT 1) AS id
    FROM waiting_keys AS k
    WHERE k.aggregateid IS NOT NULL
)
UPDATE {schema}.outbox AS o
SET status = 'pending'
FROM heads
WHERE o.id = heads.id AND o.status = 'waiting'
  AND NOT EXISTS (
      SELECT 1 FROM {schema}.outbox AS earlier
      WHERE earlier.aggregateid = o.aggregateid AND earlier.seq < o.seq AND earlier.status IN ('pending', 'failed'))
RETURNING o.id
