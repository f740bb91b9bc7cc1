-- The service's own schema; TypeORM keeps its migrations ledger in it, so it must exist first.
-- {schema} the service's schema, inserted as an escaped identifier (a constant of the service, not input)
CREATE SCHEMA IF NOT EXISTS {schema}
