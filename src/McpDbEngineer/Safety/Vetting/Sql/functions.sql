-- What the guard needs to know to vet each function reached ($1: oids): built in or not, which extension installed
-- it, its language and whether that language is trusted, whether it runs with its owner's rights, what volatility it
-- declares (believed only for native code an extension installed), and for SQL functions the body to vet in turn,
-- with the arguments and search_path it is parsed with, and whether a superuser owns it (no one else can replace it).
-- An aggregate is vetted through its support functions.
SELECT p.oid,
       n.nspname,
       p.proname,
       p.oid < 16384 AS built_in,
       l.lanname,
       l.lanpltrusted,
       p.prosecdef,
       p.provolatile::text,
       e.extname,
       -- A standard body (BEGIN ATOMIC, RETURN) reads only as part of its CREATE FUNCTION statement.
       CASE WHEN l.lanname = 'sql' THEN CASE WHEN p.prosqlbody IS NOT NULL THEN pg_get_functiondef(p.oid) ELSE p.prosrc END END AS body,
       p.prosqlbody IS NOT NULL AS atomic_body,
       pg_get_function_identity_arguments(p.oid) AS arguments,
       (SELECT substr(s, 13) FROM unnest(p.proconfig) AS s WHERE s LIKE 'search_path=%') AS search_path,
       ARRAY(SELECT f FROM unnest(ARRAY[a.aggtransfn, a.aggfinalfn, a.aggcombinefn, a.aggserialfn, a.aggdeserialfn,
                                        a.aggmtransfn, a.aggminvtransfn, a.aggmfinalfn]::oid[]) AS f
             WHERE f <> 0) AS aggregate_support,
       (SELECT o.rolsuper FROM pg_roles o WHERE o.oid = p.proowner) AS owner_superuser
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_language l ON l.oid = p.prolang
LEFT JOIN pg_aggregate a ON a.aggfnoid = p.oid
LEFT JOIN pg_depend ed ON ed.classid = 'pg_proc'::regclass AND ed.objid = p.oid AND ed.deptype = 'e'
LEFT JOIN pg_extension e ON e.oid = ed.refobjid
WHERE p.oid = ANY ($1);
