-- Whether watched transactions have ended: 'committed', 'aborted' or 'in progress' (NULL when
-- the id is too old to know, which only a very long watch could meet).
-- $1 text[]  transaction ids (xid8 as text)
SELECT xid, pg_xact_status(xid::xid8) AS status FROM unnest($1::text[]) AS xid
