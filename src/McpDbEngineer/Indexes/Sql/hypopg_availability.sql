-- When hypopg is not installed in this database: whether the server could install it, and the major version (for
-- naming the package to install).
SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'hypopg'),
       current_setting('server_version_num')::int / 10000
