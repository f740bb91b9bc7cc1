-- 0008: outbox ordering keys scoped by queue and tenant, and rows that wait behind an earlier row
-- of their key kept out of the relays' claim path. Runs with search_path set to the library's schema.

-- The ordering key was the bare correlation id: tenant A's parked row held back tenant B's rows
-- with the same id. Unsent rows get the scoped key of aggregate-id.ts (the same format; sent rows
-- keep theirs, nothing reads them for ordering). During a rolling deploy, rows still written by the
-- previous version keep the old key and are ordered among themselves only.
UPDATE outbox
SET aggregateid = aggregatetype || '/' || coalesce(length(tenant_id)::text || ':' || tenant_id, '') || '/' || coalesce(correlation_id, id::text)
WHERE status <> 'sent';

-- 'waiting': written behind an earlier unsent row of its key. Such rows stay out of the pending
-- index the claim walks, so 50,000 rows of one hot key cost a claim nothing; the row becomes
-- 'pending' when the one before it is sent (outbox-promote-next.sql), or at the relays' periodic
-- repair when a race left it waiting with nothing ahead (outbox-promote-stuck.sql).
ALTER TABLE outbox DROP CONSTRAINT outbox_status_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_status_check CHECK (status IN ('pending', 'waiting', 'sent', 'failed'));

-- The next waiting row of a key, and the distinct keys with waiting rows (a skip scan).
CREATE INDEX outbox_waiting_idx ON outbox (aggregateid, seq) WHERE status = 'waiting';
