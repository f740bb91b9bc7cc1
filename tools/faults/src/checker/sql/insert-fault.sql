-- $1 the fault's name, $2 when it began, $3 when it ended (the same instant for a kill)
INSERT INTO ledger.faults (name, started_at, ended_at) VALUES ($1, $2, $3)
