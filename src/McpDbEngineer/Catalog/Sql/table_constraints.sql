-- A table's primary key, unique, exclusion and check constraints (foreign keys have their own query).
SELECT quote_ident(c.conname) AS name, pg_get_constraintdef(c.oid) AS definition
FROM pg_constraint c
WHERE c.conrelid = $1 AND c.contype IN ('p', 'u', 'x', 'c')
ORDER BY array_position(ARRAY['p', 'u', 'x', 'c']::"char"[], c.contype), c.conname;
