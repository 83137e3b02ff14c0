-- What the call did to rows, read before COMMIT: per table changed since the reading at the start of the call
-- ($1 relid[], $2 inserted[], $3 updated[], $4 deleted[]: that reading), the rows inserted, updated and deleted
-- (cascades, triggers, CTEs, functions, upserts and partitions included: PostgreSQL counts the rows it touched), and
-- the planner's idea of the table's size: reltuples scaled to the current number of pages, as the planner estimates
-- it; null when the table was never analyzed (reltuples < 0) or analyzed empty (relpages = 0). `pages` and `readable`
-- let the caller count small tables exactly, in a second round trip and only when the size decides.
-- Temporary tables are left out: their rows outlive no session, removing them destroys nothing.
-- The last row (relid 0) is the number of system catalog rows written since the start ($5: the count at the start),
-- for calls that were not expected to change the catalog.
WITH start AS (
    SELECT * FROM unnest($1::int8[], $2::int8[], $3::int8[], $4::int8[]) AS s(relid, ins, upd, del)
),
-- Every table whose rows this transaction changed holds a lock of it until the end (cascades, triggers and
-- functions included): reading the counters of the locked tables only is what keeps this cheap on a database with
-- thousands of tables (each counter read is a lookup in shared memory).
locked AS (
    SELECT DISTINCT relation FROM pg_locks
    WHERE locktype = 'relation' AND pid = pg_backend_pid() AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
),
now AS (
    SELECT c.oid, c.relname, c.relnamespace, c.reltuples::float8 AS reltuples, c.relpages,
           pg_stat_get_xact_tuples_inserted(c.oid) AS ins,
           pg_stat_get_xact_tuples_updated(c.oid) AS upd,
           pg_stat_get_xact_tuples_deleted(c.oid) AS del
    FROM pg_class c JOIN locked l ON l.relation = c.oid
    WHERE c.relkind IN ('r', 'm') AND c.relpersistence <> 't' AND c.relnamespace <> 'pg_catalog'::regnamespace
)
SELECT n.oid::int8, format('%I.%I', ns.nspname, n.relname),
       n.ins - coalesce(s.ins, 0), n.upd - coalesce(s.upd, 0), n.del - coalesce(s.del, 0),
       CASE WHEN n.reltuples >= 0 AND n.relpages > 0
            THEN round(n.reltuples / n.relpages * (pg_relation_size(n.oid) / current_setting('block_size')::int))::int8 END,
       (pg_relation_size(n.oid) / current_setting('block_size')::int)::int8,
       has_table_privilege(n.oid, 'SELECT') AND has_schema_privilege(n.relnamespace, 'USAGE'),
       -- Where a table's deleted rows came from when no statement named it: the tables it references ON DELETE CASCADE
       -- that lost rows too ("deleted 90 of 100 rows of public.orders through the cascade from public.customers").
       CASE WHEN n.del > coalesce(s.del, 0) THEN
           (SELECT string_agg(DISTINCT format('%I.%I', pn.nspname, p.relname), ', ')
            FROM pg_constraint k
            JOIN now p ON p.oid = k.confrelid AND p.del > 0
            JOIN pg_namespace pn ON pn.oid = p.relnamespace
            WHERE k.contype = 'f' AND k.conrelid = n.oid AND k.confdeltype = 'c' AND k.confrelid <> n.oid)
       END
FROM now n
JOIN pg_namespace ns ON ns.oid = n.relnamespace
LEFT JOIN start s ON s.relid = n.oid::int8
WHERE n.ins + n.upd + n.del > coalesce(s.ins + s.upd + s.del, 0)
UNION ALL
SELECT 0, NULL, 0, 0, coalesce(sum(pg_stat_get_xact_tuples_inserted(c.oid) + pg_stat_get_xact_tuples_updated(c.oid) + pg_stat_get_xact_tuples_deleted(c.oid)), 0)::int8 - $5, NULL, NULL, NULL, NULL
FROM pg_class c
WHERE c.oid < 16384 AND c.relnamespace = 'pg_catalog'::regnamespace AND c.relkind = 'r' -- the system catalogs (fixed oids: an index scan)
