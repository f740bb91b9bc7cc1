-- The server's version and the settings a queue benchmark depends on. No parameters.
SELECT version() AS version,
       current_setting('synchronous_commit') AS sync,
       current_setting('autovacuum') AS autovacuum
