-- Rows this backend has inserted, updated and deleted per table and not yet reported to the statistics system, read
-- at the start of a call: on a pooled connection pg_stat_xact_user_tables still holds counts of earlier transactions
-- until PostgreSQL flushes them, so the call's own effect is the reading at its end minus this one.
-- The row with relid 0 is the same for the system catalogs: DDL writes them, a plain INSERT does not.
-- No parameters.
SELECT relid::int8, n_tup_ins, n_tup_upd, n_tup_del
FROM pg_stat_xact_user_tables
WHERE n_tup_ins + n_tup_upd + n_tup_del > 0
UNION ALL
SELECT 0::int8, 0::int8, 0::int8, coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::bigint
FROM pg_stat_xact_sys_tables
