-- The vector columns of one table ($1 = its oid) with what the advice needs, in one row each: the column, its type
-- (vector, halfvec or sparsevec, of the vector extension, whatever schema it lives in), the dimensions from the type
-- modifier (-1 when declared without), the row estimate (reltuples; n_live_tup when never analyzed), rows written
-- since the statistics were reset or the server started and the seconds since, the build settings, and pgvector's version.
SELECT a.attname,
       t.typname,
       a.atttypmod,
       (CASE WHEN c.reltuples >= 0 THEN c.reltuples ELSE coalesce(s.n_live_tup, 0) END)::float8,
       coalesce(s.n_tup_ins + s.n_tup_upd + s.n_tup_del, 0)::float8,
       extract(epoch FROM now() - coalesce(d.stats_reset, pg_postmaster_start_time()))::float8,
       (SELECT setting::bigint FROM pg_settings WHERE name = 'maintenance_work_mem'),
       current_setting('max_parallel_maintenance_workers')::int,
       current_setting('max_parallel_workers')::int,
       e.extversion
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_type t ON t.oid = a.atttypid
JOIN pg_extension e ON e.extname = 'vector' AND e.extnamespace = t.typnamespace
LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
LEFT JOIN pg_stat_database d ON d.datname = current_database()
WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped AND t.typname IN ('vector', 'halfvec', 'sparsevec')
ORDER BY a.attnum
