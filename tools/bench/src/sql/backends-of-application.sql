-- The server processes of the connections that one run opened under application_name $1, with
-- what each is doing: its wait event (e.g. LWLock:BufferContent, Lock:transactionid), else its
-- state ('active' = running, 'idle' = waiting for its client).
-- $1 text  the application_name
SELECT pid, coalesce(wait_event_type || ':' || wait_event, state, 'unknown') AS activity
FROM pg_stat_activity
WHERE application_name = $1
