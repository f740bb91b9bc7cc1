-- $1 bigint[] the effect's insertion number in the queue database, $2 uuid[] message ids,
-- $3 text[] workers, $4 timestamptz[] commit-side times (clock_timestamp() of the insert)
INSERT INTO ledger.effects (n, id, worker, at)
SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::timestamptz[])
