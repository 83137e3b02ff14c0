-- Which database the memories are about: the cluster's system identifier (stable across restarts, host names and
-- ports) and the database name. A role that may not read pg_control_system() gets address:port instead.
SELECT CASE WHEN has_function_privilege('pg_catalog.pg_control_system()', 'EXECUTE')
            THEN (SELECT system_identifier::text FROM pg_catalog.pg_control_system())
            ELSE coalesce(host(inet_server_addr()), 'local') || ':' || current_setting('port') END
       || '/' || current_database();
