-- Whether the workload can be read: pg_stat_statements created in this database (and the schema it lives in, which
-- need not be on the search_path), loaded at server start (it collects nothing otherwise), and available to create.
SELECT (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_stat_statements'),
       'pg_stat_statements' = ANY (string_to_array(replace(current_setting('shared_preload_libraries'), ' ', ''), ',')),
       EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_stat_statements')
