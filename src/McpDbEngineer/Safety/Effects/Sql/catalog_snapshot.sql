-- What defines the schema and who may do what, taken before and after a call that can change the catalog; the two
-- are compared in C# (CatalogDiff) into readable changes. One row per object: kind, a key that survives renames and
-- moves (the oid, or the oids it joins), its readable name, and its facts as 'name=value' texts. Bodies, defaults
-- and definitions are hashed from their stored trees (deparsing them with pg_get_expr / pg_get_viewdef costs a
-- relation open each: 250 ms for 5,000 defaults): the diff only needs to know they changed. Stored trees carry where
-- in its statement each expression was written (:location); that is stripped, so the same default or view set again
-- by another statement (a down migration) is no change. The server's own schema, the system schemas and
-- temporary schemas are left out. 'rel' names the relation an object belongs to, so that the parts of a dropped
-- table are not reported one by one. A sequence's 'next' is the value it hands out next (its start value when
-- it was never called or restarted). 'storage' (file, pages, tuples) tells a TRUNCATE, which leaves no deleted rows
-- in the statistics, by its new empty file. No parameters.
WITH ns AS (
    SELECT oid, nspname FROM pg_namespace
    WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'mcp_db_engineer')
      AND nspname NOT LIKE 'pg\_toast%' AND nspname NOT LIKE 'pg\_temp\_%'
),
-- Columns fold into their relation (one row a table, not one a column: a third of the work and of the bytes): each
-- by number, so that a rename reads as one, and what else defines them (type, not null, default, privileges) hashed.
cols AS (
    SELECT a.attrelid,
           array_agg('col:' || a.attnum || '=' || a.attname ORDER BY a.attnum)
           || ARRAY['columns=' || md5(string_agg(concat_ws('/', a.attnum, a.atttypid, a.atttypmod, a.attnotnull, regexp_replace(d.adbin::text, ' :location -?\d+', '', 'g')), ',' ORDER BY a.attnum)),
                    'column_acl=' || coalesce(md5(string_agg(a.attname || a.attacl::text, ',' ORDER BY a.attnum)), '')] AS facts
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
    JOIN ns ON ns.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE a.attnum > 0 AND NOT a.attisdropped
    GROUP BY a.attrelid
)
SELECT 'relation', c.oid::text, format('%I.%I', n.nspname, c.relname),
       ARRAY['kind=' || c.relkind::text, 'schema=' || n.nspname, 'name=' || c.relname, 'persistence=' || c.relpersistence::text,
             'rls=' || c.relrowsecurity, 'force_rls=' || c.relforcerowsecurity, 'acl=' || coalesce(c.relacl::text, ''),
             'owner=' || pg_get_userbyid(c.relowner), 'options=' || coalesce(c.reloptions::text, ''),
             'bound=' || coalesce(pg_get_expr(c.relpartbound, c.oid), ''),
             'definition=' || coalesce(md5(regexp_replace(v.ev_action::text, ' :location -?\d+', '', 'g')), ''),
             'rel=' || coalesce(x.indrelid::text, ''),
             'storage=' || CASE WHEN c.relkind IN ('r', 'm') THEN c.relfilenode || ' ' || c.relpages || ' ' || c.reltuples ELSE '' END]
       || coalesce(cols.facts, '{}')
FROM pg_class c JOIN ns n ON n.oid = c.relnamespace
LEFT JOIN pg_index x ON x.indexrelid = c.oid
LEFT JOIN pg_rewrite v ON v.ev_class = c.oid AND v.rulename = '_RETURN'
LEFT JOIN cols ON cols.attrelid = c.oid
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'i', 'I', 'S', 'f')
UNION ALL
SELECT 'constraint', co.oid::text,
       format('%I on %s', co.conname, CASE WHEN co.conrelid <> 0 THEN co.conrelid::regclass::text ELSE co.contypid::regtype::text END),
       ARRAY['name=' || co.conname, 'valid=' || co.convalidated,
             'definition=' || md5(concat_ws('|', co.contype, co.condeferrable, co.condeferred, co.conkey, co.confrelid, co.confkey,
                                            co.confupdtype, co.confdeltype, co.conexclop, regexp_replace(co.conbin::text, ' :location -?\d+', '', 'g'))), 'rel=' || co.conrelid]
FROM pg_constraint co JOIN ns n ON n.oid = co.connamespace
UNION ALL
SELECT 'trigger', t.oid::text, format('%I on %s', t.tgname, t.tgrelid::regclass),
       ARRAY['name=' || t.tgname, 'enabled=' || t.tgenabled::text, 'internal=' || t.tgisinternal,
             'definition=' || CASE WHEN t.tgisinternal THEN '' ELSE md5(pg_get_triggerdef(t.oid)) END, 'rel=' || t.tgrelid]
FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN ns n ON n.oid = c.relnamespace
UNION ALL
SELECT 'rule', r.oid::text, format('%I on %s', r.rulename, r.ev_class::regclass),
       ARRAY['name=' || r.rulename, 'enabled=' || r.ev_enabled::text, 'definition=' || md5(pg_get_ruledef(r.oid)), 'rel=' || r.ev_class]
FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN ns n ON n.oid = c.relnamespace
WHERE r.rulename <> '_RETURN'
UNION ALL
SELECT 'policy', p.oid::text, format('%I on %s', p.polname, p.polrelid::regclass),
       ARRAY['name=' || p.polname, 'command=' || p.polcmd::text, 'permissive=' || p.polpermissive, 'roles=' || p.polroles::text,
             'using=' || coalesce(pg_get_expr(p.polqual, p.polrelid), ''),
             'check=' || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), ''), 'rel=' || p.polrelid]
FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN ns n ON n.oid = c.relnamespace
UNION ALL
SELECT 'function', p.oid::text, format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)),
       ARRAY['schema=' || n.nspname, 'name=' || p.proname, 'secdef=' || p.prosecdef, 'volatility=' || p.provolatile::text,
             'acl=' || coalesce(p.proacl::text, ''), 'owner=' || pg_get_userbyid(p.proowner),
             'config=' || coalesce(p.proconfig::text, ''),
             'body=' || md5(coalesce(p.prosrc, '') || '|' || coalesce(p.probin, '') || '|' || p.prolang::text || '|' || p.prorettype::text)]
FROM pg_proc p JOIN ns n ON n.oid = p.pronamespace
UNION ALL
SELECT 'sequence', c.oid::text, format('%I.%I', s.schemaname, s.sequencename),
       ARRAY['next=' || coalesce(s.last_value::numeric + s.increment_by, s.start_value), 'increment=' || s.increment_by, 'rel=' || c.oid]
FROM pg_sequences s
JOIN ns n ON n.nspname = s.schemaname
JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = s.sequencename
UNION ALL
SELECT 'inheritance', i.inhrelid::text || '>' || i.inhparent::text,
       format('%I.%I from %I.%I', n.nspname, c.relname, pn.nspname, pc.relname),
       ARRAY['partition=' || c.relispartition, 'rel=' || i.inhrelid, 'parent=' || i.inhparent]
FROM pg_inherits i
JOIN pg_class c ON c.oid = i.inhrelid JOIN ns n ON n.oid = c.relnamespace
JOIN pg_class pc ON pc.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = pc.relnamespace
WHERE c.relkind IN ('r', 'p', 'f')
UNION ALL
SELECT 'schema', n.oid::text, quote_ident(n.nspname),
       ARRAY['name=' || n.nspname, 'owner=' || pg_get_userbyid(n.nspowner), 'acl=' || coalesce(n.nspacl::text, '')]
FROM pg_namespace n JOIN ns USING (oid)
UNION ALL
SELECT 'role', r.oid::text, quote_ident(r.rolname),
       ARRAY['name=' || r.rolname, 'SUPERUSER=' || r.rolsuper, 'CREATEROLE=' || r.rolcreaterole, 'CREATEDB=' || r.rolcreatedb,
             'BYPASSRLS=' || r.rolbypassrls, 'REPLICATION=' || r.rolreplication, 'LOGIN=' || r.rolcanlogin,
             'INHERIT=' || r.rolinherit]
FROM pg_roles r
UNION ALL
SELECT 'membership', m.roleid::text || '>' || m.member::text || '>' || m.grantor::text,
       format('%s in role %s', m.member::regrole, m.roleid::regrole),
       ARRAY['admin=' || m.admin_option]
FROM pg_auth_members m
UNION ALL
SELECT 'setting', s.setdatabase::text || '/' || s.setrole::text,
       CASE WHEN s.setrole = 0 THEN 'database ' || quote_ident(current_database())
            WHEN s.setdatabase = 0 THEN 'role ' || s.setrole::regrole::text
            ELSE 'role ' || s.setrole::regrole::text || ' in database ' || quote_ident(current_database()) END,
       s.setconfig
FROM pg_db_role_setting s
WHERE s.setdatabase IN (0, (SELECT oid FROM pg_database WHERE datname = current_database()))
UNION ALL
SELECT 'default privileges', d.oid::text,
       format('on new %s of role %s%s', CASE d.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences'
           WHEN 'f' THEN 'functions' WHEN 'T' THEN 'types' WHEN 'n' THEN 'schemas' ELSE d.defaclobjtype::text END,
           d.defaclrole::regrole, CASE WHEN d.defaclnamespace <> 0 THEN ' in schema ' || d.defaclnamespace::regnamespace::text ELSE '' END),
       ARRAY['acl=' || coalesce(d.defaclacl::text, '')]
FROM pg_default_acl d
UNION ALL
SELECT 'database', d.oid::text, quote_ident(d.datname),
       ARRAY['owner=' || pg_get_userbyid(d.datdba), 'acl=' || coalesce(d.datacl::text, ''),
             'connections=' || d.datconnlimit, 'allowconn=' || d.datallowconn]
FROM pg_database d WHERE d.datname = current_database()
UNION ALL
SELECT 'event trigger', e.oid::text, quote_ident(e.evtname),
       ARRAY['name=' || e.evtname, 'enabled=' || e.evtenabled::text, 'function=' || e.evtfoid::regproc::text]
FROM pg_event_trigger e
UNION ALL
SELECT 'extension', x.oid::text, quote_ident(x.extname),
       ARRAY['version=' || x.extversion, 'schema=' || x.extnamespace::regnamespace::text]
FROM pg_extension x
