-- For each function a statement calls (schema NULL = resolved through search_path), whether any overload the
-- call could reach is VOLATILE (may have side effects), and how many overloads exist at all.
SELECT f.ord::int,
       coalesce(bool_or(p.provolatile = 'v'), false) AS volatile,
       count(p.oid)::int AS overloads
FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS f(schema_name, function_name, ord)
LEFT JOIN pg_namespace n
       ON (f.schema_name IS NULL AND n.nspname = ANY (current_schemas(true))) OR n.nspname = f.schema_name
LEFT JOIN pg_proc p ON p.pronamespace = n.oid AND p.proname = f.function_name
GROUP BY f.ord
ORDER BY f.ord;
