-- What one statement of a rehearsal may change about the work it costs, read on the shadow before and after it:
-- every user relation's data file (a new relfilenode on an existing table is a rewrite; a new index on an existing
-- table is an index build), every CHECK and FOREIGN KEY constraint's validation and every column's NOT NULL (a
-- validation, or a NOT NULL set on an existing column, scans the table). Columns: kind, oid, the table it belongs
-- to, its name (qualified for relations), relkind (relations) or contype (constraints), and the fact compared.
-- No parameters.
WITH ns AS (
    SELECT oid, nspname FROM pg_namespace
    WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\_toast%' AND nspname NOT LIKE 'pg\_temp\_%'
)
SELECT 'relation', c.oid::bigint, coalesce(x.indrelid, c.oid)::bigint, format('%I.%I', n.nspname, c.relname), c.relkind::text, c.relfilenode::text
FROM pg_class c JOIN ns n ON n.oid = c.relnamespace LEFT JOIN pg_index x ON x.indexrelid = c.oid
WHERE c.relkind IN ('r', 'p', 'm', 'i', 'I')
UNION ALL
SELECT 'constraint', co.oid::bigint, co.conrelid::bigint, co.conname, co.contype::text, co.convalidated::text
FROM pg_constraint co JOIN ns n ON n.oid = co.connamespace
WHERE co.contype IN ('c', 'f') AND co.conrelid <> 0
UNION ALL
SELECT 'column', a.attrelid::bigint, a.attrelid::bigint, a.attname, '', a.attnotnull::text
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid AND c.relkind IN ('r', 'p') JOIN ns n ON n.oid = c.relnamespace
WHERE a.attnum > 0 AND NOT a.attisdropped
