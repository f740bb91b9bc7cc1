-- Wakes the consumers of each queue: one NOTIFY per queue, whatever the number of messages.
-- Sent after the insert commits (never inside a publish's own transaction): a NOTIFY holds a
-- database-wide lock through commit and would serialise concurrent publishers.
-- $1 text    the channel every Tenaz process of this schema LISTENs on
-- $2 text[]  queue names, sent as payloads
SELECT pg_notify($1, queue_name) FROM unnest($2::text[]) AS queue_name
