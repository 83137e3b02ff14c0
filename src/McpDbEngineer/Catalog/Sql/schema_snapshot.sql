-- The schema as a reviewer compares it: one row per object (kind, key, readable name, facts as 'name=value'), keyed by
-- name rather than oid, so that an object dropped and created again with the same definition reads as unchanged —
-- what a migration's down must achieve. Facts are deparsed (pg_get_indexdef, pg_get_constraintdef, format_type) so a
-- difference can be shown as it reads; only function bodies are hashed (long, and 'changed' is what matters).
-- Columns are facts of their own rows, placed by their position among the live columns (a column dropped and added
-- back at the end is in the same place; one added back elsewhere is not). Roles are cluster-wide, statistics,
-- sequence values and storage are data: none of them is schema. System schemas and the server's own are left out.
-- No parameters.
WITH ns AS (
    SELECT oid, nspname FROM pg_namespace
    WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'mcp_db_engineer')
      AND nspname NOT LIKE 'pg\_toast%' AND nspname NOT LIKE 'pg\_temp\_%'
),
rel AS (
    SELECT c.oid, c.relkind, c.relname, n.nspname, format('%I.%I', n.nspname, c.relname) AS qualified
    FROM pg_class c JOIN ns n ON n.oid = c.relnamespace
    WHERE NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
)
SELECT 'schema', quote_ident(n.nspname), quote_ident(n.nspname),
       ARRAY['owner=' || pg_get_userbyid(n.nspowner), 'acl=' || coalesce(n.nspacl::text, '')]
FROM pg_namespace n JOIN ns USING (oid)
UNION ALL
SELECT 'extension', quote_ident(x.extname), quote_ident(x.extname),
       ARRAY['version=' || x.extversion, 'schema=' || x.extnamespace::regnamespace::text]
FROM pg_extension x
UNION ALL
SELECT CASE r.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'partitioned table' WHEN 'v' THEN 'view'
                      WHEN 'm' THEN 'materialized view' WHEN 'f' THEN 'foreign table' END,
       r.qualified, r.qualified,
       ARRAY['persistence=' || c.relpersistence::text, 'row security=' || c.relrowsecurity,
             'forced row security=' || c.relforcerowsecurity, 'acl=' || coalesce(c.relacl::text, ''),
             'owner=' || pg_get_userbyid(c.relowner), 'options=' || coalesce(c.reloptions::text, ''),
             'partition of=' || coalesce((SELECT string_agg(i.inhparent::regclass::text || ' ' || pg_get_expr(c.relpartbound, c.oid), ', ')
                                          FROM pg_inherits i WHERE i.inhrelid = c.oid AND c.relispartition), ''),
             'inherits=' || coalesce((SELECT string_agg(i.inhparent::regclass::text, ', ' ORDER BY i.inhseqno)
                                      FROM pg_inherits i WHERE i.inhrelid = c.oid AND NOT c.relispartition), ''),
             'partitioned by=' || coalesce(pg_get_partkeydef(c.oid), ''),
             'definition=' || CASE WHEN r.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) ELSE '' END]
FROM rel r JOIN pg_class c ON c.oid = r.oid
WHERE r.relkind IN ('r', 'p', 'v', 'm', 'f')
UNION ALL
SELECT 'column', r.qualified || '.' || quote_ident(a.attname), r.qualified || '.' || quote_ident(a.attname),
       ARRAY['position=' || row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum),
             'type=' || format_type(a.atttypid, a.atttypmod), 'not null=' || a.attnotnull,
             'default=' || coalesce(pg_get_expr(d.adbin, d.adrelid), ''),
             'identity=' || a.attidentity::text, 'generated=' || a.attgenerated::text,
             'collation=' || CASE WHEN a.attcollation <> 0 THEN a.attcollation::regcollation::text ELSE '' END,
             'storage=' || a.attstorage::text, 'acl=' || coalesce(a.attacl::text, '')]
FROM rel r
JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE r.relkind IN ('r', 'p', 'v', 'm', 'f')
UNION ALL
SELECT 'index', r.qualified, r.qualified,
       ARRAY['definition=' || pg_get_indexdef(r.oid), 'valid=' || x.indisvalid, 'clustered=' || x.indisclustered, 'table=' || t.qualified]
FROM rel r JOIN pg_index x ON x.indexrelid = r.oid JOIN rel t ON t.oid = x.indrelid
UNION ALL
SELECT 'sequence', r.qualified, r.qualified,
       ARRAY['type=' || s.seqtypid::regtype::text, 'start=' || s.seqstart, 'increment=' || s.seqincrement,
             'min=' || s.seqmin, 'max=' || s.seqmax, 'cache=' || s.seqcache, 'cycle=' || s.seqcycle,
             'owned by=' || coalesce((SELECT d.refobjid::regclass::text || '.' || quote_ident(a.attname)
                                      FROM pg_depend d JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                                      WHERE d.classid = 'pg_class'::regclass AND d.objid = r.oid AND d.deptype IN ('a', 'i')
                                        AND d.refclassid = 'pg_class'::regclass LIMIT 1), ''),
             'acl=' || coalesce(c.relacl::text, '')]
FROM rel r JOIN pg_sequence s ON s.seqrelid = r.oid JOIN pg_class c ON c.oid = r.oid
UNION ALL
SELECT 'constraint', format('%I on %s', co.conname, coalesce(r.qualified, co.contypid::regtype::text)),
       format('%I on %s', co.conname, coalesce(r.qualified, co.contypid::regtype::text)),
       ARRAY['definition=' || pg_get_constraintdef(co.oid), 'validated=' || co.convalidated]
FROM pg_constraint co JOIN ns n ON n.oid = co.connamespace LEFT JOIN rel r ON r.oid = co.conrelid
WHERE co.conrelid = 0 OR r.oid IS NOT NULL
UNION ALL
SELECT 'trigger', format('%I on %s', t.tgname, r.qualified), format('%I on %s', t.tgname, r.qualified),
       ARRAY['definition=' || pg_get_triggerdef(t.oid), 'enabled=' || t.tgenabled::text]
FROM pg_trigger t JOIN rel r ON r.oid = t.tgrelid
WHERE NOT t.tgisinternal
UNION ALL
SELECT 'rule', format('%I on %s', ru.rulename, r.qualified), format('%I on %s', ru.rulename, r.qualified),
       ARRAY['definition=' || pg_get_ruledef(ru.oid), 'enabled=' || ru.ev_enabled::text]
FROM pg_rewrite ru JOIN rel r ON r.oid = ru.ev_class
WHERE ru.rulename <> '_RETURN'
UNION ALL
SELECT 'policy', format('%I on %s', p.polname, r.qualified), format('%I on %s', p.polname, r.qualified),
       ARRAY['command=' || p.polcmd::text, 'permissive=' || p.polpermissive,
             'roles=' || (SELECT string_agg(CASE WHEN o = 0 THEN 'PUBLIC' ELSE o::regrole::text END, ', ' ORDER BY o) FROM unnest(p.polroles) o),
             'using=' || coalesce(pg_get_expr(p.polqual, p.polrelid), ''),
             'check=' || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '')]
FROM pg_policy p JOIN rel r ON r.oid = p.polrelid
UNION ALL
SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END,
       format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)),
       format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)),
       ARRAY['returns=' || pg_get_function_result(p.oid), 'language=' || l.lanname, 'volatility=' || p.provolatile::text,
             'security definer=' || p.prosecdef, 'strict=' || p.proisstrict, 'config=' || coalesce(p.proconfig::text, ''),
             'owner=' || pg_get_userbyid(p.proowner), 'acl=' || coalesce(p.proacl::text, ''),
             'body=' || md5(coalesce(p.prosrc, '') || '|' || coalesce(p.probin, '') || '|' || coalesce(pg_get_function_sqlbody(p.oid), ''))]
FROM pg_proc p JOIN ns n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
WHERE NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
UNION ALL
SELECT CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'd' THEN 'domain' WHEN 'r' THEN 'range' ELSE 'type' END,
       format('%I.%I', n.nspname, t.typname), format('%I.%I', n.nspname, t.typname),
       ARRAY['labels=' || coalesce((SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid), ''),
             'base type=' || CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) ELSE '' END,
             'not null=' || t.typnotnull, 'default=' || coalesce(t.typdefault, ''),
             'attributes=' || coalesce((SELECT string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum)
                                        FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped), ''),
             'owner=' || pg_get_userbyid(t.typowner), 'acl=' || coalesce(t.typacl::text, '')]
FROM pg_type t JOIN ns n ON n.oid = t.typnamespace
WHERE (t.typtype IN ('e', 'd', 'r') OR t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
  AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
