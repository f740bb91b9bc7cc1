-- Run before outbox-claim.sql, in the relay's transaction (both settings end with it). The planner
-- estimates pending rows from statistics that usually saw the table nearly all sent; after a
-- burst it then expects a handful and sorts every pending row (and checks each one's aggregate)
-- instead of walking the pending index in order and stopping at the batch size: 39 ms against
-- 3 ms per 1,000-row claim with 20,000 rows pending, and worse the bigger the burst. The penalty
-- that disabling sorts adds to the plan's cost (the byte bound's small sort of the claimed rows
-- remains) would make PostgreSQL JIT-compile every claim: 1,050 ms of compiling for a 1 ms claim
-- of 100 rows, measured here. So no JIT either.
SELECT set_config('enable_sort', 'off', true), set_config('jit', 'off', true)
