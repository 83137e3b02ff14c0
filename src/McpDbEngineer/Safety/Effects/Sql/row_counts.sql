-- What the call did to rows, read before COMMIT: per table changed since the reading at the start of the call
-- ($1 relid[], $2 inserted[], $3 updated[], $4 deleted[]: that reading), the rows inserted, updated and deleted
-- (cascades, triggers, CTEs, functions, upserts and partitions included: PostgreSQL counts the rows it touched), and
-- the table's size before the call, which the policy compares removals and updates with. The size is
--   * counted when the table is small ($5 pages or fewer), was never analyzed (reltuples < 0) or was analyzed empty
--     (relpages = 0): exact, and cheap for small tables; a large table is counted up to $6 rows, a floor, which only
--     makes shares look larger (safer);
--   * otherwise reltuples scaled to the current number of pages, as the planner estimates it.
-- Only tables that lost or changed rows are sized: an INSERT-only call needs no size. The last row (relid 0) is the
-- number of system catalog rows written since the start ($7: the count at the start), for calls that were not expected to change the catalog.
WITH start AS (
    SELECT * FROM unnest($1::int8[], $2::int8[], $3::int8[], $4::int8[]) AS s(relid, ins, upd, del)
),
changed AS (
    SELECT t.relid, format('%I.%I', t.schemaname, t.relname) AS name,
           t.n_tup_ins - coalesce(s.ins, 0) AS ins,
           t.n_tup_upd - coalesce(s.upd, 0) AS upd,
           t.n_tup_del - coalesce(s.del, 0) AS del
    FROM pg_stat_xact_user_tables t
    LEFT JOIN start s ON s.relid = t.relid::int8
    WHERE t.n_tup_ins + t.n_tup_upd + t.n_tup_del > coalesce(s.ins + s.upd + s.del, 0)
),
sized AS (
    SELECT ch.*, c.reltuples::float8 AS reltuples, c.relpages,
           pg_relation_size(ch.relid) / current_setting('block_size')::int AS pages,
           has_table_privilege(ch.relid, 'SELECT') AS readable
    FROM changed ch JOIN pg_class c ON c.oid = ch.relid
)
SELECT relid::int8, name, ins, upd, del,
       CASE
           WHEN upd + del = 0 THEN NULL
           WHEN readable AND (pages <= $5 OR reltuples < 0 OR relpages = 0) THEN
               (xpath('/row/n/text()', query_to_xml(
                   format('SELECT count(*) AS n FROM (SELECT FROM ONLY %s LIMIT %s) r', relid::regclass, $6::int8),
                   false, true, '')))[1]::text::int8 - ins + del
           WHEN reltuples >= 0 AND relpages > 0 THEN round(reltuples / relpages * pages)::int8
           WHEN reltuples >= 0 THEN reltuples::int8
       END AS rows_before,
       readable AND (pages <= $5 OR reltuples < 0 OR relpages = 0) AS counted
FROM sized
UNION ALL
SELECT 0::int8, NULL::text, 0::int8, 0::int8, coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::int8 - $7, NULL::int8, NULL::bool
FROM pg_stat_xact_sys_tables
