-- Whether agent statements run in a sandbox that a READ ONLY transaction cannot be escaped from, so that code the
-- guard cannot read (a PL/pgSQL helper) may run in read-only mode: $1 is the restricted role the server switched to.
-- restricted: the session acts as that role. sound: the role cannot reach server files or programs. hatches: what in
-- this database would let code running as any role out of the transaction or up to another role's rights.
SELECT current_user = $1 AS restricted,
       NOT r.rolsuper
         AND NOT pg_has_role(current_user, 'pg_execute_server_program', 'USAGE')
         AND NOT pg_has_role(current_user, 'pg_read_server_files', 'USAGE')
         AND NOT pg_has_role(current_user, 'pg_write_server_files', 'USAGE') AS sound,
       array_remove(ARRAY[
           (SELECT 'extension ' || string_agg(extname, ', ') FROM pg_extension
             WHERE extname IN ('dblink', 'postgres_fdw', 'file_fdw', 'adminpack')),
           (SELECT 'SECURITY DEFINER function ' || min(format('%s.%s(%s)', p.pronamespace::regnamespace, p.proname, pg_get_function_identity_arguments(p.oid))) FROM pg_proc p
             WHERE p.prosecdef AND p.oid >= 16384),
           (SELECT 'untrusted-language function ' || min(format('%s.%s(%s)', p.pronamespace::regnamespace, p.proname, pg_get_function_identity_arguments(p.oid))) FROM pg_proc p
             JOIN pg_language l ON l.oid = p.prolang
             WHERE NOT l.lanpltrusted AND p.oid >= 16384
               AND NOT EXISTS (SELECT FROM pg_depend d
                               WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')),
           (SELECT 'foreign table ' || min(format('%s.%s', c.relnamespace::regnamespace, c.relname)) FROM pg_class c WHERE c.relkind = 'f')
       ], NULL) AS hatches
FROM pg_roles r
WHERE r.rolname = current_user;
