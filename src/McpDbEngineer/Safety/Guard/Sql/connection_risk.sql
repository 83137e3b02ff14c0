-- What the role the server connects as could do if agent SQL got past the guard ($1: the restricted role): is it a
-- superuser, may it change some table, and will agent statements run as the restricted role instead of it.
SELECT current_user::text,
       r.rolsuper,
       EXISTS (SELECT FROM pg_class c
               JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE c.relkind IN ('r', 'p')
                 AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'mcp_db_engineer')
                 AND n.nspname NOT LIKE 'pg\_%'
                 AND has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE')) AS can_write,
       CASE WHEN $1 <> '' AND EXISTS (SELECT FROM pg_roles WHERE rolname = $1)
            THEN pg_has_role($1, 'MEMBER') ELSE false END AS restricted_available
FROM pg_roles r
WHERE r.rolname = current_user;
