-- A table itself: comment, row estimate, sizes, RLS, partitioning, maintenance and scan counts.
-- A partitioned table has no storage of its own: its rows and sizes are those of its partitions added up. $1 = oid.
WITH tree AS (
    SELECT c.oid, c.reltuples, c.reltoastrelid
    FROM pg_class c
    WHERE c.oid IN (SELECT p.relid FROM pg_partition_tree($1) p WHERE p.isleaf
                    UNION ALL SELECT $1 WHERE (SELECT relkind FROM pg_class WHERE oid = $1) <> 'p')
)
SELECT c.relkind::text,
       obj_description(c.oid, 'pg_class') AS comment,
       (SELECT CASE WHEN bool_or(t.reltuples < 0) THEN -1 ELSE sum(t.reltuples) END FROM tree t)::float8 AS rows,
       (SELECT coalesce(sum(pg_table_size(t.oid) - coalesce(pg_total_relation_size(nullif(t.reltoastrelid, 0)), 0)), 0) FROM tree t)::int8 AS heap_bytes,
       (SELECT coalesce(sum(pg_total_relation_size(nullif(t.reltoastrelid, 0))), 0) FROM tree t)::int8 AS toast_bytes,
       (SELECT coalesce(sum(pg_indexes_size(t.oid)), 0) FROM tree t)::int8 AS index_bytes,
       c.relrowsecurity, c.relforcerowsecurity, c.relpersistence::text,
       pg_get_partkeydef(c.oid) AS partition_key,
       (SELECT i.inhparent::regclass::text FROM pg_inherits i WHERE i.inhrelid = c.oid AND c.relispartition) AS partition_of,
       pg_get_expr(c.relpartbound, c.oid) AS partition_bound,
       (SELECT string_agg(i.inhparent::regclass::text, ', ' ORDER BY i.inhseqno) FROM pg_inherits i WHERE i.inhrelid = c.oid AND NOT c.relispartition) AS inherits,
       s.n_live_tup, s.n_dead_tup, s.seq_scan, s.idx_scan,
       s.last_vacuum, s.last_autovacuum, s.last_analyze, s.last_autoanalyze,
       CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END AS view_definition
FROM pg_class c
LEFT JOIN pg_stat_all_tables s ON s.relid = c.oid
WHERE c.oid = $1;
