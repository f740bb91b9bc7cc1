-- Every count of the reliability report, in one row. No parameters: the ledger holds one run.
-- lost counts committed messages with neither an effect nor a dead letter (committed − processed −
-- dead-lettered, without letting a phantom effect or a duplicate cancel out a missing one).
-- Latency runs from when a message became due (committed, or its not-before time if later) to its
-- first effect; an effect's `at` is the clock of the database that committed it.
WITH firsts AS (
  SELECT DISTINCT ON (e.id) e.id, e.n, e.at FROM ledger.effects e ORDER BY e.id, e.n
), effect_counts AS (
  SELECT id, count(*) AS n FROM ledger.effects GROUP BY id
), dead AS (
  SELECT DISTINCT id FROM ledger.dead_letters
), delivery_counts AS (
  SELECT id, count(*) AS n, min(at) AS first_at FROM ledger.deliveries GROUP BY id
), keyed AS (
  SELECT f.id, f.n, m.key, m.seq, lag(m.seq) OVER (PARTITION BY m.key ORDER BY f.n) AS previous_seq
  FROM firsts f JOIN ledger.messages m USING (id)
), latencies AS (
  SELECT extract(epoch FROM f.at - greatest(m.committed_at, coalesce(m.not_before, m.committed_at))) * 1000 AS ms
  FROM firsts f JOIN ledger.messages m USING (id) WHERE m.outcome = 'committed'
), gaps AS (
  SELECT extract(epoch FROM at - lag(at) OVER (ORDER BY at)) * 1000 AS ms FROM firsts
)
SELECT
  (SELECT count(*) FROM ledger.messages)::int AS sent,
  (SELECT count(*) FROM ledger.messages WHERE outcome = 'committed')::int AS committed,
  (SELECT count(*) FROM ledger.messages WHERE outcome = 'failed')::int AS publish_failed,
  (SELECT coalesce(sum(publish_attempts - 1), 0) FROM ledger.messages)::int AS publish_retries,
  (SELECT count(*) FROM ledger.messages WHERE confirmed)::int AS confirmed,
  (SELECT count(*) FROM delivery_counts d JOIN ledger.messages m USING (id))::int AS delivered,
  (SELECT coalesce(sum(d.n), 0) FROM delivery_counts d JOIN ledger.messages m USING (id))::int AS deliveries,
  (SELECT count(*) FROM effect_counts c JOIN ledger.messages m USING (id))::int AS processed,
  (SELECT count(*) FROM effect_counts c JOIN ledger.messages m USING (id) WHERE c.n = 1)::int AS processed_once,
  (SELECT coalesce(sum(c.n - 1), 0) FROM effect_counts c WHERE c.n > 1)::int AS duplicate_effects,
  (SELECT count(*) FROM dead d JOIN ledger.messages m USING (id))::int AS dead_lettered,
  (SELECT count(*) FROM dead d JOIN ledger.messages m USING (id) WHERE NOT m.poison)::int AS wrongly_dead_lettered,
  (SELECT count(*) FROM ledger.messages WHERE poison AND outcome = 'committed')::int AS poison,
  (SELECT count(*) FROM ledger.messages m WHERE m.outcome = 'committed'
     AND NOT EXISTS (SELECT 1 FROM effect_counts c WHERE c.id = m.id)
     AND NOT EXISTS (SELECT 1 FROM dead d WHERE d.id = m.id))::int AS lost,
  (SELECT count(*) FROM ledger.messages m WHERE m.outcome = 'failed'
     AND (EXISTS (SELECT 1 FROM effect_counts c WHERE c.id = m.id) OR EXISTS (SELECT 1 FROM dead d WHERE d.id = m.id)))::int AS failed_but_stored,
  (SELECT count(*) FROM (SELECT id FROM effect_counts UNION SELECT id FROM dead) x
     WHERE NOT EXISTS (SELECT 1 FROM ledger.messages m WHERE m.id = x.id))::int AS phantoms,
  (SELECT count(*) FROM delivery_counts d JOIN ledger.messages m USING (id) WHERE d.first_at < m.not_before)::int AS early,
  (SELECT count(*) FROM keyed WHERE seq < previous_seq)::int AS order_violations,
  (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FROM latencies)::float8 AS latency_p50_ms,
  (SELECT percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) FROM latencies)::float8 AS latency_p99_ms,
  (SELECT max(ms) FROM latencies)::float8 AS latency_max_ms,
  (SELECT max(ms) FROM gaps)::float8 AS longest_gap_ms,
  (SELECT extract(epoch FROM (SELECT max(at) FROM ledger.effects) - (SELECT min(sent_at) FROM ledger.messages)) * 1000)::float8 AS duration_ms
