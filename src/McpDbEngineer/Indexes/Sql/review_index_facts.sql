-- review_indexes: the indexes in scope ($1 = the table's oid, null: every table; $2 = a schema name, null: every user
-- schema), with what the hygiene rules compare. key_signature holds, per key column, attnum, operator
-- class, collation and options: two indexes are the same only when these, the expressions and the predicate are.
-- backs_constraint: a primary key, unique or exclusion constraint uses it, or a foreign key references through it
-- (pg_constraint.conindid). key_width sums pg_stats.avg_width of the key columns (null when one is an expression or
-- has no statistics); lead_distinct is pg_stats.n_distinct of a single-column index's column.
SELECT c.oid::regclass::text AS table_name,
       quote_ident(n.nspname) || '.' || quote_ident(ic.relname) AS index_name,
       am.amname AS method,
       substr(pg_get_indexdef(i.indexrelid), position(' USING ' IN pg_get_indexdef(i.indexrelid)) + 7) AS definition,
       ARRAY(SELECT i.indkey[k] || ' ' || i.indclass[k] || ' ' || i.indcollation[k] || ' ' || i.indoption[k]
             FROM generate_series(0, i.indnkeyatts - 1) k ORDER BY k) AS key_signature,
       i.indkey::int2[] AS columns,
       i.indnkeyatts::int AS key_count,
       coalesce(pg_get_expr(i.indexprs, i.indrelid), '') AS expressions,
       coalesce(pg_get_expr(i.indpred, i.indrelid), '') AS predicate,
       i.indisunique, i.indisvalid, i.indisreplident,
       EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) AS backs_constraint,
       coalesce(s.idx_scan, 0) AS idx_scan,
       pg_relation_size(i.indexrelid) AS bytes,
       ic.relpages::int8 AS pages,
       greatest(c.reltuples, 0)::float8 AS table_rows,
       (SELECT CASE WHEN count(st.avg_width) = i.indnkeyatts THEN sum(st.avg_width) END
        FROM unnest((i.indkey::int2[])[0:i.indnkeyatts - 1]) key(attnum)
        LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = key.attnum
        LEFT JOIN pg_stats st ON st.schemaname = n.nspname AND st.tablename = c.relname AND st.attname = a.attname AND NOT st.inherited
       )::int8 AS key_width,
       CASE WHEN i.indnkeyatts = 1 AND i.indkey[0] <> 0 THEN
            (SELECT st.n_distinct FROM pg_stats st JOIN pg_attribute a ON a.attname = st.attname
             WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
               AND st.schemaname = n.nspname AND st.tablename = c.relname AND NOT st.inherited)::float8 END AS lead_distinct
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid AND ic.relkind = 'i'
JOIN pg_am am ON am.oid = ic.relam
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_stat_all_indexes s ON s.indexrelid = i.indexrelid
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_)'
  AND ($1::oid IS NULL OR c.oid = $1) AND ($2::text IS NULL OR n.nspname = $2)
ORDER BY 1, 2;