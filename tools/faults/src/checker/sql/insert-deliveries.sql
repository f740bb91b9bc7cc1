-- $1 uuid[] message ids, $2 int[] attempts, $3 text[] workers, $4 timestamptz[] handler start times
INSERT INTO ledger.deliveries (id, attempt, worker, at)
SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::timestamptz[])
