-- The start of a call's measurement on PostgreSQL 15 and later: the number of system catalog rows this backend has
-- written and not yet reported to the statistics system (relid 0), so that the end reading tells DDL run by code
-- nobody expected. Per-table row counts need no start reading here: every read-write transaction of the server asks
-- PostgreSQL to flush its counters when it ends (pg_stat_force_next_flush, see DatabaseExecutor), so a pooled
-- connection starts a call with none left over — and a leftover from elsewhere could only make counts larger.
-- No parameters.
SELECT 0::int8, 0::int8, 0::int8,
       coalesce(sum(pg_stat_get_xact_tuples_inserted(c.oid) + pg_stat_get_xact_tuples_updated(c.oid) + pg_stat_get_xact_tuples_deleted(c.oid)), 0)::int8
FROM pg_class c
WHERE c.oid < 16384 AND c.relnamespace = 'pg_catalog'::regnamespace AND c.relkind = 'r' -- the system catalogs (fixed oids: an index scan)
