-- The service's own schema; TypeORM keeps its migrations ledger in it, so it must exist first.
-- No parameters: the name is the constant TRACKING_SCHEMA, not user input.
CREATE SCHEMA IF NOT EXISTS tracking
