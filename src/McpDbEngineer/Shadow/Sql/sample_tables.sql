-- The tables whose rows a shadow samples, read on the target: ordinary tables and partitions (a partitioned parent
-- holds no rows of its own) outside the system schemas and extensions, with the columns COPY can write (generated
-- columns are computed again on the shadow). $1, $2: schemas and names of the only tables to sample, pairwise; NULL for all.
SELECT format('%I.%I', n.nspname, c.relname),
       array_agg(quote_ident(a.attname) ORDER BY a.attnum)
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
WHERE c.relkind = 'r'
  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'mcp_db_engineer') AND n.nspname NOT LIKE 'pg\_%'
  AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
  AND has_table_privilege(c.oid, 'SELECT')
  AND ($1::text[] IS NULL OR (n.nspname, c.relname) IN (SELECT * FROM unnest($1::text[], $2::text[])))
GROUP BY n.nspname, c.relname
ORDER BY 1
