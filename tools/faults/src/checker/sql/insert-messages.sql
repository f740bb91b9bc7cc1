-- Records sent messages in one statement.
-- $1 uuid[] ids, $2 text[] keys, $3 int[] per-key sequence numbers, $4 bool[] poison,
-- $5 timestamptz[] not before (null: at once), $6 timestamptz[] sent at, $7 int[] publish attempts,
-- $8 text[] outcome ('committed' | 'failed'), $9 bool[] confirmed, $10 timestamptz[] committed at
INSERT INTO ledger.messages (id, key, seq, poison, not_before, sent_at, publish_attempts, outcome, confirmed, committed_at)
SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::bool[], $5::timestamptz[], $6::timestamptz[], $7::int[], $8::text[], $9::bool[], $10::timestamptz[])
