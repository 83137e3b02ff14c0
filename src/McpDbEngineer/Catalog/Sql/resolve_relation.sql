-- A relation by name the way PostgreSQL resolves it (to_regclass: the schema given, else the search_path), and when that
-- finds nothing, a single case-insensitive match (an agent typing Orders for a table created as "Orders").
-- $1 schema (folded, null = search_path), $2 name (folded), $3 schema as typed, $4 name as typed.
SELECT c.oid, c.relkind::text, format('%I.%I', n.nspname, c.relname) AS display,
       (SELECT i.indrelid::regclass::text FROM pg_index i WHERE i.indexrelid = c.oid) AS index_table
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.oid = coalesce(
    to_regclass(CASE WHEN $1::text IS NULL THEN quote_ident($2) ELSE quote_ident($1) || '.' || quote_ident($2) END),
    (SELECT min(l.oid)
     FROM pg_class l
     JOIN pg_namespace ln ON ln.oid = l.relnamespace
     WHERE lower(l.relname) = lower($4)
       AND CASE WHEN $3::text IS NULL THEN pg_table_is_visible(l.oid) ELSE lower(ln.nspname) = lower($3) END
     HAVING count(*) = 1));
