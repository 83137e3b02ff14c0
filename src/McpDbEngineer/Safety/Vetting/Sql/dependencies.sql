-- What PostgreSQL recorded as used by stored SQL: $1 names the catalog that holds it (pg_proc for a probe function or
-- a function's SQL body, pg_rewrite for a view's or table's rules, pg_policy, pg_constraint for a domain's CHECK), $2
-- its oids. These are the objects PostgreSQL itself resolved the SQL to, on the real search_path and argument types.
-- Built-in objects are pinned and never recorded: the guard judges those by name.
-- kind: f = a function to vet (called directly, or behind an operator: its code and estimators), r = a relation,
-- c = a domain CHECK constraint (its expression runs whenever a value is cast to the domain), with its expression as
-- SQL text to read built-in calls from.
WITH refs AS (
    SELECT d.refclassid, d.refobjid
    FROM pg_depend d
    WHERE d.classid = $1::regclass AND d.objid = ANY ($2) AND d.deptype = 'n'
)
SELECT 'f' AS kind, r.refobjid AS oid, NULL AS sql
FROM refs r WHERE r.refclassid = 'pg_proc'::regclass
UNION
SELECT 'f', f.oid, NULL
FROM refs r
JOIN pg_operator o ON r.refclassid = 'pg_operator'::regclass AND o.oid = r.refobjid
CROSS JOIN LATERAL unnest(ARRAY[o.oprcode, o.oprrest, o.oprjoin]::oid[]) AS f(oid)
WHERE f.oid <> 0
UNION
SELECT 'r', r.refobjid, NULL
FROM refs r WHERE r.refclassid = 'pg_class'::regclass
UNION
SELECT 'c', con.oid, 'SELECT ' || pg_get_expr(con.conbin, 0)
FROM refs r
JOIN pg_type t ON r.refclassid = 'pg_type'::regclass AND t.oid = r.refobjid AND t.typtype = 'd'
JOIN pg_constraint con ON con.contypid = t.oid;
