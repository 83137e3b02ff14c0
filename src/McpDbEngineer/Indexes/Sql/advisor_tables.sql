-- The tables recommend_indexes plans for ($1 = schemas, $2 = table names, pairwise): their size, how much they are
-- written against how often they are read (pg_stat_user_tables since the statistics were reset), and the columns
-- whose physical order follows their values (|correlation| >= 0.9: a BRIN index summarises them well), and the columns
-- a GIN index could serve, as "name:kind" (the name as EXPLAIN prints it; kind jsonb, array, tsvector or text).
SELECT n.nspname,
       c.relname,
       greatest(c.reltuples, 0)::float8,
       coalesce(s.n_tup_ins + s.n_tup_upd + s.n_tup_del, 0),
       coalesce(s.seq_scan + coalesce(s.idx_scan, 0), 0),
       (SELECT count(*) FROM pg_index i WHERE i.indrelid = c.oid)::int,
       coalesce((SELECT array_agg(st.attname::text) FROM pg_stats st
                 WHERE st.schemaname = n.nspname AND st.tablename = c.relname AND abs(st.correlation) >= 0.9), '{}'),
       coalesce((SELECT array_agg(quote_ident(a.attname) || ':' || CASE WHEN ty.typname = 'jsonb' THEN 'jsonb'
                                                                      WHEN ty.typname = 'tsvector' THEN 'tsvector'
                                                                      WHEN ty.typcategory = 'A' THEN 'array'
                                                                      ELSE 'text' END)
                 FROM pg_attribute a JOIN pg_type ty ON ty.oid = a.atttypid
                 WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                   AND (ty.typname IN ('jsonb', 'tsvector') OR ty.typcategory IN ('A', 'S'))), '{}')
FROM unnest($1::text[], $2::text[]) AS t(schema_name, table_name)
JOIN pg_namespace n ON n.nspname = t.schema_name
JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = t.table_name
LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid;

-- Their indexes: the key columns or expressions as pg_get_indexdef prints them, the partial predicate, and whether
-- the index is usable (a failed CREATE INDEX CONCURRENTLY leaves it invalid).
SELECT n.nspname,
       c.relname,
       ic.relname,
       am.amname,
       ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnkeyatts) k ORDER BY k),
       pg_get_expr(i.indpred, i.indrelid, true),
       i.indisvalid
FROM unnest($1::text[], $2::text[]) AS t(schema_name, table_name)
JOIN pg_namespace n ON n.nspname = t.schema_name
JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = t.table_name
JOIN pg_index i ON i.indrelid = c.oid
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_am am ON am.oid = ic.relam;

-- The schema pg_trgm is installed in (no row when it is not): trigram indexes need its operator class.
SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'
