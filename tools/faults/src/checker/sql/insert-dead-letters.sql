-- $1 uuid[] dead-lettered message ids, $2 text[] their reasons
INSERT INTO ledger.dead_letters (id, reason)
SELECT * FROM unnest($1::uuid[], $2::text[])
