-- The ledger of one fault run, in a schema of its own (`ledger`) of the run's database.
-- Every figure of the reliability report is computed from these five tables:
--   messages      one row per message the producer sent: its key and per-key sequence, whether it
--                 is poison, when it may first be handled, and how its publish ended
--   deliveries    one row per handler start the workers reported (redeliveries included)
--   effects       the handler's side effects, copied from the queue database after the run: one row
--                 per committed effect (a message with two rows had its effect twice)
--   dead_letters  what the library holds dead-lettered after the run
--   faults        each injected fault with when it began and ended
DROP SCHEMA IF EXISTS ledger CASCADE;
CREATE SCHEMA ledger;
CREATE TABLE ledger.messages (
  id uuid PRIMARY KEY,
  key text NOT NULL,
  seq integer NOT NULL,
  poison boolean NOT NULL,
  not_before timestamptz,
  sent_at timestamptz NOT NULL,
  publish_attempts integer NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('committed', 'failed')),
  confirmed boolean NOT NULL,
  committed_at timestamptz
);
CREATE TABLE ledger.deliveries (id uuid NOT NULL, attempt integer NOT NULL, worker text NOT NULL, at timestamptz NOT NULL);
CREATE TABLE ledger.effects (n bigint NOT NULL, id uuid NOT NULL, worker text NOT NULL, at timestamptz NOT NULL);
CREATE TABLE ledger.dead_letters (id uuid NOT NULL, reason text);
CREATE TABLE ledger.faults (n serial PRIMARY KEY, name text NOT NULL, started_at timestamptz NOT NULL, ended_at timestamptz NOT NULL);
CREATE INDEX ON ledger.deliveries (id);
CREATE INDEX ON ledger.effects (id);
