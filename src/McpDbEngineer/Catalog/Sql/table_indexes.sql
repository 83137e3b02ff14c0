-- A table's indexes: method and keys as pg_get_indexdef writes them after USING, size (partitions added up for a
-- partitioned index), scans since the statistics were reset, and the flags that matter when they are not the usual.
SELECT quote_ident(ic.relname) AS name,
       CASE WHEN i.indisprimary THEN 'primary key' WHEN i.indisunique THEN 'unique' END AS role,
       substr(pg_get_indexdef(i.indexrelid), position(' USING ' IN pg_get_indexdef(i.indexrelid)) + 7) AS definition,
       CASE WHEN ic.relkind = 'I'
            THEN (SELECT coalesce(sum(pg_relation_size(p.relid)), 0) FROM pg_partition_tree(i.indexrelid) p)
            ELSE pg_relation_size(i.indexrelid) END::int8 AS bytes,
       s.idx_scan,
       i.indisvalid, i.indisready, i.indislive, i.indisclustered, i.indisreplident,
       i.indpred IS NOT NULL AS partial,
       i.indkey::int2[] AS key,
       (SELECT quote_ident(c.conname) FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x')) AS constraint_name
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
LEFT JOIN pg_stat_all_indexes s ON s.indexrelid = i.indexrelid
WHERE i.indrelid = $1
ORDER BY i.indisprimary DESC, ic.relname;
