-- Rows this backend has inserted, updated and deleted per table and not yet reported to the statistics system, read
-- at the start of a call on PostgreSQL 14 and older: on a pooled connection the counters still hold counts of earlier
-- transactions until PostgreSQL flushes them, so the call's own effect is the reading at its end minus this one.
-- (From 15 on, every read-write transaction asks for a flush when it ends, and row_counts_start.sql suffices.)
-- The counters are read directly, not through pg_stat_xact_user_tables, whose other columns (index scans summed over
-- pg_index) cost 60 ms on a database with 5,000 tables; this costs a few.
-- The row with relid 0 is the same for the system catalogs: DDL writes them, a plain INSERT does not.
-- No parameters.
SELECT c.oid::int8, pg_stat_get_xact_tuples_inserted(c.oid), pg_stat_get_xact_tuples_updated(c.oid), pg_stat_get_xact_tuples_deleted(c.oid)
FROM pg_class c
WHERE c.relkind IN ('r', 'm')
  AND pg_stat_get_xact_tuples_inserted(c.oid) + pg_stat_get_xact_tuples_updated(c.oid) + pg_stat_get_xact_tuples_deleted(c.oid) > 0
UNION ALL
SELECT 0, 0, 0, coalesce(sum(pg_stat_get_xact_tuples_inserted(c.oid) + pg_stat_get_xact_tuples_updated(c.oid) + pg_stat_get_xact_tuples_deleted(c.oid)), 0)::int8
FROM pg_class c
WHERE c.oid < 16384 AND c.relnamespace = 'pg_catalog'::regnamespace AND c.relkind = 'r' -- the system catalogs (fixed oids: an index scan)
