-- Fills the raw queue with $6 copies of one due message in one statement (set-up, never timed).
-- $1 varchar  queue name
-- $2 varchar  message type
-- $3 jsonb    payload
-- $4 varchar  tenant id
-- $5 varchar  country code
-- $6 integer  how many rows
INSERT INTO reliable_messages (queue_name, message_type, payload, priority, max_retries, tenant_id, country_code)
SELECT $1, $2, $3::jsonb, 0, 10, $4, $5 FROM generate_series(1, $6)
