-- Every schema name but the per-session temporary ones: for checking a schema filter and suggesting close names.
SELECT n.nspname, quote_ident(n.nspname) AS display
FROM pg_namespace n
WHERE n.nspname NOT LIKE 'pg\_%temp\_%';
