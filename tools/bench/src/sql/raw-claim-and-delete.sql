-- Claims and deletes up to $2 due messages of queue $1 in the claim order, skipping rows other
-- workers hold: the textbook SKIP LOCKED queue, at-most-once (the delete is the ack).
-- $1 varchar  queue name
-- $2 integer  most rows to take
-- MATERIALIZED keeps the LIMIT from being re-evaluated per joined row.
WITH next AS MATERIALIZED (
    SELECT id FROM reliable_messages
    WHERE queue_name = $1 AND status = 'pending' AND scheduled_for <= now()
    ORDER BY priority DESC, scheduled_for, seq
    LIMIT $2
    FOR UPDATE SKIP LOCKED)
DELETE FROM reliable_messages AS m USING next WHERE m.id = next.id
RETURNING m.id, m.message_type, m.payload, m.priority, m.tenant_id, m.country_code, m.created_at
