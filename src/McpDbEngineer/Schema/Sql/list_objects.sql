-- list_objects: one page of relations, functions, types and extensions in (sort key, schema, name, rank, oid) order,
-- resumed after the cursor's key, with the count of all matches and of those before the page. Objects that belong to an
-- extension are left out (list_extensions covers them); so are identity sequences, array types, table row types and auto-made multiranges.
-- Indexes are listed only when asked for by kind: they would double every listing.
-- The sort key is 0 when sorted by name; sorted by size it is minus the bytes on disk (largest first; objects without a
-- size after every relation), which reads the size of every match. Otherwise sizes, bounds and signatures are computed
-- for the page's rows only, so a page costs the same in a 5,000-table database.
-- $1 schema, $2 kinds, $3 ILIKE pattern, $4 include system schemas, $5 include partitions,
-- $6..$9 cursor (schema, name, rank, oid) or nulls, $10 page size, $11 sort by size, $12 cursor sort key,
-- $13 ILIKE patterns of names to leave out (or null).
WITH candidates AS (
    SELECT n.nspname::text AS schema, c.relname::text AS name,
           CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'matview'
                          WHEN 'f' THEN 'foreign table' WHEN 'i' THEN 'index' WHEN 'I' THEN 'index' ELSE 'sequence' END AS kind,
           1 AS rank, c.oid, 'pg_class'::regclass AS catalog
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S', 'i', 'I') AND (NOT c.relispartition OR $5)
      AND (c.relkind NOT IN ('i', 'I') OR 'index' = ANY ($2))
      -- the sequence behind an identity column is part of the column
      AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d
                                            WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'i'))
    UNION ALL
    SELECT n.nspname::text, p.proname::text,
           CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' WHEN 'w' THEN 'window function' ELSE 'function' END,
           2, p.oid, 'pg_proc'::regclass
    FROM pg_proc p
    JOIN pg_namespace n ON n.oid = p.pronamespace
    UNION ALL
    SELECT n.nspname::text, t.typname::text, 'type', 3, t.oid, 'pg_type'::regclass
    FROM pg_type t
    JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE t.typtype IN ('b', 'c', 'd', 'e', 'r')
      AND (t.typrelid = 0 OR (SELECT r.relkind FROM pg_class r WHERE r.oid = t.typrelid) = 'c')
      AND NOT EXISTS (SELECT 1 FROM pg_type e WHERE e.oid = t.typelem AND e.typarray = t.oid)
    UNION ALL
    SELECT n.nspname::text, x.extname::text, 'extension', 4, x.oid, 'pg_extension'::regclass
    FROM pg_extension x
    JOIN pg_namespace n ON n.oid = x.extnamespace
),
matches AS MATERIALIZED (
    SELECT m.*,
           CASE WHEN NOT $11 THEN 0
                WHEN m.rank <> 1 THEN 1
                -- a partitioned table's or index's size is its leaves' (the tree of anything else is empty)
                ELSE -coalesce((SELECT sum(pg_total_relation_size(t.relid)) FROM pg_partition_tree(m.oid) t WHERE t.isleaf),
                               pg_total_relation_size(m.oid))
           END::int8 AS sort_key
    FROM candidates m
    WHERE ($1::text IS NULL OR m.schema = $1)
      AND ($1::text IS NOT NULL OR $4
           OR (m.schema NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND m.schema NOT LIKE 'pg\_%temp\_%'))
      AND ($2::text[] IS NULL
           OR m.kind = ANY ($2)
           OR (m.kind IN ('procedure', 'aggregate', 'window function') AND 'function' = ANY ($2)))
      AND ($3::text IS NULL OR m.name ILIKE $3)
      AND ($13::text[] IS NULL OR NOT m.name ILIKE ANY ($13))
      AND (m.kind = 'extension'
           OR NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = m.catalog AND d.objid = m.oid AND d.deptype = 'e'))
),
page AS (
    SELECT m.*
    FROM matches m
    WHERE $6::text IS NULL
       OR (m.sort_key, m.schema COLLATE "C", m.name COLLATE "C", m.rank, m.oid) > ($12::int8, $6::text, $7::text, $8::int, $9::oid)
    ORDER BY m.sort_key, m.schema COLLATE "C", m.name COLLATE "C", m.rank, m.oid
    LIMIT $10 + 1
)
SELECT (SELECT count(*) FROM matches) AS total,
       (SELECT count(*) FROM matches m
        WHERE $6::text IS NOT NULL
          AND (m.sort_key, m.schema COLLATE "C", m.name COLLATE "C", m.rank, m.oid) <= ($12::int8, $6::text, $7::text, $8::int, $9::oid)) AS before,
       p.schema, p.name, p.rank, p.oid, p.sort_key,
       CASE WHEN p.rank = 1 THEN quote_ident(p.name)
            WHEN p.rank = 2 THEN quote_ident(p.name) || '(' || pg_get_function_identity_arguments(p.oid) || ')'
            ELSE quote_ident(p.name) END AS display,
       CASE WHEN c.relkind = 'p' THEN 'partitioned table' WHEN c.relispartition THEN 'partition' ELSE p.kind END AS kind,
       CASE WHEN c.relkind = 'p' THEN (SELECT sum(greatest(l.reltuples, 0)) FROM pg_partition_tree(c.oid) t JOIN pg_class l ON l.oid = t.relid WHERE t.isleaf)
            WHEN c.relkind IN ('r', 'm', 'f', 'i') THEN c.reltuples END::float8 AS rows,
       CASE WHEN c.relkind IN ('p', 'I') THEN (SELECT sum(pg_total_relation_size(t.relid)) FROM pg_partition_tree(c.oid) t WHERE t.isleaf)
            WHEN c.relkind IN ('r', 'm', 'i') THEN pg_total_relation_size(c.oid) END::int8 AS bytes,
       CASE WHEN c.relkind = 'p' THEN (SELECT count(*) FROM pg_inherits i WHERE i.inhparent = c.oid) || ' partitions'
            WHEN c.relkind IN ('i', 'I') THEN 'on ' || (SELECT i.indrelid::regclass::text FROM pg_index i WHERE i.indexrelid = c.oid)
            WHEN c.relispartition THEN 'of ' || (SELECT i.inhparent::regclass::text FROM pg_inherits i WHERE i.inhrelid = c.oid)
            WHEN p.rank = 2 THEN 'returns ' || coalesce(pg_get_function_result(p.oid), 'nothing')
            WHEN p.rank = 3 THEN CASE ty.typtype
                WHEN 'e' THEN 'enum: ' || (SELECT string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = ty.oid)
                WHEN 'd' THEN 'domain over ' || format_type(ty.typbasetype, ty.typtypmod)
                WHEN 'c' THEN 'composite'
                WHEN 'r' THEN 'range of ' || (SELECT format_type(r.rngsubtype, NULL) FROM pg_range r WHERE r.rngtypid = ty.oid)
                ELSE 'base type' END
            WHEN p.rank = 4 THEN 'version ' || x.extversion
       END AS note,
       CASE WHEN p.rank <> 4 THEN obj_description(p.oid, p.catalog::regclass::name) END AS comment
FROM page p
LEFT JOIN pg_class c ON p.rank = 1 AND c.oid = p.oid
LEFT JOIN pg_type ty ON p.rank = 3 AND ty.oid = p.oid
LEFT JOIN pg_extension x ON p.rank = 4 AND x.oid = p.oid
ORDER BY p.sort_key, p.schema COLLATE "C", p.name COLLATE "C", p.rank, p.oid;
