-- Every schema name (temporary and toast schemas aside): for checking a schema filter and suggesting close names.
SELECT n.nspname, quote_ident(n.nspname) AS display
FROM pg_namespace n
WHERE n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%';
