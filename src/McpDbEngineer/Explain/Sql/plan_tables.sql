-- Row counts, the first key column of every valid index, the partitioned table a partition belongs to, and the
-- freshness of the table's statistics, for the tables a plan reads ($1 schemas, $2 names, pairwise).
-- last_analyzed is the later of a manual and an automatic ANALYZE (null: never analyzed since the statistics were
-- reset); modified_since_analyze counts rows inserted, updated or deleted since then.
SELECT n.nspname AS schema,
       c.relname AS name,
       CASE WHEN c.reltuples >= 0 THEN c.reltuples::float8 END AS rows,
       array(SELECT a.attname::text
             FROM pg_index i
             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
             WHERE i.indrelid = c.oid AND i.indisvalid) AS indexed_leading_columns,
       (SELECT format('%I.%I', rn.nspname, rc.relname)
        FROM pg_class rc JOIN pg_namespace rn ON rn.oid = rc.relnamespace
        WHERE c.relispartition AND rc.oid = pg_partition_root(c.oid)) AS partition_root,
       greatest(s.last_analyze, s.last_autoanalyze) AS last_analyzed,
       coalesce(s.n_mod_since_analyze, 0)::float8 AS modified_since_analyze,
       coalesce(s.n_live_tup, 0)::float8 AS live_rows
FROM unnest($1::text[], $2::text[]) AS r(schema, name)
JOIN pg_namespace n ON n.nspname = r.schema
JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = r.name
LEFT JOIN pg_stat_all_tables s ON s.relid = c.oid;
