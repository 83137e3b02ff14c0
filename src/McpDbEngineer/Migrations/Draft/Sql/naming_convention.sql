-- How the live schema names its indexes and constraints, for drafting names that match: per kind, how many names
-- start with the prefix (idx_, fk_, uq_, chk_) and how many end with the suffix (_idx, _fkey, _key, _check — the
-- suffixes PostgreSQL itself gives unnamed ones, save _idx). Indexes that back a constraint count as constraints.
-- User schemas only. No parameters.
WITH names AS (
    SELECT 'index' AS kind, c.relname AS name
    FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'mcp_db_engineer') AND n.nspname NOT LIKE 'pg\_%'
      AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = x.indexrelid)
    UNION ALL
    SELECT CASE k.contype WHEN 'f' THEN 'foreign key' WHEN 'u' THEN 'unique' ELSE 'check' END, k.conname
    FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace
    WHERE k.contype IN ('f', 'u', 'c') AND k.conrelid <> 0
      AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'mcp_db_engineer') AND n.nspname NOT LIKE 'pg\_%'
)
SELECT kind,
       count(*) FILTER (WHERE name LIKE CASE kind WHEN 'index' THEN 'idx\_%' WHEN 'foreign key' THEN 'fk\_%' WHEN 'unique' THEN 'uq\_%' ELSE 'chk\_%' END),
       count(*) FILTER (WHERE name LIKE CASE kind WHEN 'index' THEN '%\_idx' WHEN 'foreign key' THEN '%\_fkey' WHEN 'unique' THEN '%\_key' ELSE '%\_check' END),
       count(*)
FROM names GROUP BY kind
