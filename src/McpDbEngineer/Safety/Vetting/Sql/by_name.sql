-- Everything the names in some SQL could reach, for when PostgreSQL cannot be asked to resolve them (a standby, a
-- database with event triggers, SQL the probe cannot wrap): every overload of each function name, the functions of
-- every operator of each operator name, every relation of each name — on the session's search_path unless qualified —
-- and the function of every user-defined cast, since a cast calls its function without naming it.
-- $1/$2 function schemas/names, $3/$4 operator schemas/names, $5/$6 relation schemas/names (schema NULL: unqualified).
-- Built-in objects (oid below 16384) are left out: the guard judges those by name. Same kinds as dependencies.sql,
-- and n (with the name) for a function name that reaches nothing at all: one created later in the same call.
WITH fn AS (SELECT * FROM unnest($1::text[], $2::text[]) AS x(schema_name, name)),
     op AS (SELECT * FROM unnest($3::text[], $4::text[]) AS x(schema_name, name)),
     rel AS (SELECT * FROM unnest($5::text[], $6::text[]) AS x(schema_name, name)),
     visible AS (SELECT n.oid, n.nspname, n.nspname = ANY (current_schemas(true)) AS on_path FROM pg_namespace n)
SELECT 'f' AS kind, p.oid, NULL AS name
FROM fn JOIN visible n ON (fn.schema_name IS NULL AND n.on_path) OR n.nspname = fn.schema_name
JOIN pg_proc p ON p.pronamespace = n.oid AND p.proname = fn.name
WHERE p.oid >= 16384
UNION
SELECT 'f', f.oid, NULL
FROM op JOIN visible n ON (op.schema_name IS NULL AND n.on_path) OR n.nspname = op.schema_name
JOIN pg_operator o ON o.oprnamespace = n.oid AND o.oprname = op.name
CROSS JOIN LATERAL unnest(ARRAY[o.oprcode, o.oprrest, o.oprjoin]::oid[]) AS f(oid)
WHERE o.oid >= 16384 AND f.oid <> 0
UNION
SELECT 'r', c.oid, NULL
FROM rel JOIN visible n ON (rel.schema_name IS NULL AND n.on_path) OR n.nspname = rel.schema_name
JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = rel.name
WHERE c.oid >= 16384
UNION
SELECT 'f', c.castfunc, NULL
FROM pg_cast c
WHERE c.oid >= 16384 AND c.castfunc <> 0
UNION
SELECT 'n', 0::oid, concat(fn.schema_name || '.', fn.name)
FROM fn
WHERE NOT EXISTS (SELECT FROM visible n JOIN pg_proc p ON p.pronamespace = n.oid AND p.proname = fn.name
                  WHERE (fn.schema_name IS NULL AND n.on_path) OR n.nspname = fn.schema_name);
