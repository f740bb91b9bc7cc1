-- Recovery after each fault: from the fault's end until every message committed before that end
-- and not yet handled when the fault began has its first effect (0 when nothing was waiting).
-- A message lost for good is not counted here; the figures count it as lost.
WITH firsts AS (
  SELECT DISTINCT ON (e.id) e.id, e.at FROM ledger.effects e ORDER BY e.id, e.n
)
SELECT f.name, f.started_at, f.ended_at,
  greatest(0, coalesce(extract(epoch FROM max(x.at) - f.ended_at) * 1000, 0))::float8 AS recovery_ms
FROM ledger.faults f
LEFT JOIN (SELECT fi.at, m.committed_at FROM firsts fi JOIN ledger.messages m USING (id)) x
  ON x.committed_at <= f.ended_at AND x.at >= f.started_at
GROUP BY f.n, f.name, f.started_at, f.ended_at
ORDER BY f.n
