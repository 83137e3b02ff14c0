-- Extensions: installed ones (version, schema, whether a newer version is available) first, then those available to
-- CREATE EXTENSION on this server. pg_available_extensions reads the control files once; comments come with it.
-- $1 include the available but not installed.
SELECT e.name, e.installed_version, e.schema, e.default_version, e.comment
FROM (
    SELECT a.name, x.extversion AS installed_version, n.nspname AS schema, a.default_version, a.comment
    FROM pg_available_extensions a
    LEFT JOIN pg_extension x ON x.extname = a.name
    LEFT JOIN pg_namespace n ON n.oid = x.extnamespace
    WHERE x.oid IS NOT NULL OR $1
    UNION ALL
    -- installed, but its control file is no longer on disk (rare; the extension is still there)
    SELECT x.extname, x.extversion, n.nspname, NULL, NULL
    FROM pg_extension x
    JOIN pg_namespace n ON n.oid = x.extnamespace
    WHERE NOT EXISTS (SELECT 1 FROM pg_available_extensions a WHERE a.name = x.extname)
) e
ORDER BY e.installed_version IS NULL, e.name;
