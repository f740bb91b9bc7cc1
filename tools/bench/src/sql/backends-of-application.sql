-- The server processes of the connections that one run opened under application_name $1.
-- $1 text  the application_name
SELECT pid FROM pg_stat_activity WHERE application_name = $1
