-- hypopg's functions, qualified with the schema the extension was installed in (it need not be on the search_path):
-- create one hypothetical index ($1 = the CREATE INDEX statement), drop one ($1 = its oid), drop all, and the size
-- hypopg estimates for one ($1 = its oid).
SELECT format('SELECT indexrelid, indexname FROM %I.hypopg_create_index($1)', n.nspname),
       format('SELECT %I.hypopg_drop_index($1)', n.nspname),
       format('SELECT %I.hypopg_reset()', n.nspname),
       format('SELECT %I.hypopg_relation_size($1)', n.nspname)
FROM pg_extension e
JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname = 'hypopg'
