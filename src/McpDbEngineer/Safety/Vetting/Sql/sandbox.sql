-- Whether agent statements run in a sandbox that a READ ONLY transaction cannot be escaped from, so that code the
-- guard cannot read (a PL/pgSQL helper) may run in read-only mode: $1 is the restricted role the server switched to.
-- restricted: the session acts as that role. sound: no role the session can act as reaches server files or programs —
-- the session's own user included, since code may RESET ROLE or SET ROLE to any role that user is a member of (a
-- superuser's session switched to the reader is not sealed). hatches: what in this database would let code running as
-- any role out of the transaction or up to another role's rights.
SELECT current_user = $1 AS restricted,
       NOT EXISTS (SELECT FROM pg_roles m
                   WHERE (pg_has_role(session_user, m.oid, 'MEMBER') OR pg_has_role(current_user, m.oid, 'MEMBER'))
                     AND (m.rolsuper OR m.rolname IN ('pg_execute_server_program', 'pg_read_server_files', 'pg_write_server_files'))) AS sound,
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
       ], NULL) AS hatches;
