-- Names to suggest when a relation is not found: tables, views, materialized views and foreign tables outside the
-- system schemas, plus those of $1 when it is one.
SELECT n.nspname, c.relname, format('%I.%I', n.nspname, c.relname) AS display
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND (n.nspname = $1 OR (n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg\_%temp\_%'));
