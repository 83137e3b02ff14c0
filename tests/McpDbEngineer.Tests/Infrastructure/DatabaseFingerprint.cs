using Npgsql;

namespace McpDbEngineer.Tests.Infrastructure;

/// <summary>
/// Everything an attack could change, read over a direct connection: rows of every table, sequences, the catalog
/// (objects, columns, functions, schemas, roles, extensions, policies, triggers, rules, constraints, defaults,
/// privileges, comments, settings), large objects, advisory locks, prepared transactions and replication slots.
/// Two fingerprints are compared line by line, so a difference says exactly what changed.
/// </summary>
public sealed class DatabaseFingerprint
{
    private DatabaseFingerprint(IReadOnlyList<string> lines) => Lines = lines;

    public IReadOnlyList<string> Lines { get; }

    // Every section is "kind<TAB>fact"; the planner's statistics (reltuples, relpages) are left out: autovacuum moves them.
    // Cluster-wide catalogs are narrowed to this database: other test classes create databases at the same time.
    private const string CatalogSql = """
        WITH user_ns AS (
            SELECT oid, nspname FROM pg_namespace
            WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg_toast%'
        )
        SELECT 'class', format('%s.%s kind=%s node=%s persistence=%s acl=%s', n.nspname, c.relname, c.relkind, c.relfilenode, c.relpersistence, c.relacl)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        UNION ALL
        SELECT 'column', format('%s %s #%s %s notnull=%s default=%s dropped=%s', a.attrelid::regclass, a.attname, a.attnum,
                                format_type(a.atttypid, a.atttypmod), a.attnotnull, a.atthasdef, a.attisdropped)
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN user_ns n ON n.oid = c.relnamespace
        WHERE a.attnum > 0
        UNION ALL
        SELECT 'function', format('%s.%s(%s) volatility=%s body=%s acl=%s', n.nspname, p.proname,
                                  pg_get_function_identity_arguments(p.oid), p.provolatile, md5(coalesce(p.prosrc, '')), p.proacl)
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        UNION ALL
        SELECT 'schema', format('%s owner=%s acl=%s', nspname, nspowner::regrole, nspacl) FROM pg_namespace
        UNION ALL
        SELECT 'role', format('%s super=%s login=%s createrole=%s createdb=%s bypassrls=%s limit=%s until=%s config=%s', rolname,
                              rolsuper, rolcanlogin, rolcreaterole, rolcreatedb, rolbypassrls, rolconnlimit, rolvaliduntil, rolconfig)
        FROM pg_roles
        UNION ALL
        SELECT 'membership', format('%s in %s', member::regrole, roleid::regrole) FROM pg_auth_members
        UNION ALL
        SELECT 'extension', format('%s %s', extname, extversion) FROM pg_extension
        UNION ALL
        SELECT 'policy', format('%s on %s cmd=%s using=%s', polname, polrelid::regclass, polcmd, pg_get_expr(polqual, polrelid)) FROM pg_policy
        UNION ALL
        SELECT 'trigger', format('%s on %s enabled=%s', tgname, tgrelid::regclass, tgenabled) FROM pg_trigger
        UNION ALL
        SELECT 'rule', format('%s on %s', rulename, ev_class::regclass) FROM pg_rewrite
        UNION ALL
        SELECT 'constraint', format('%s on %s %s valid=%s', conname, conrelid::regclass, pg_get_constraintdef(oid), convalidated)
        FROM pg_constraint WHERE connamespace IN (SELECT oid FROM user_ns)
        UNION ALL
        SELECT 'default', format('%s #%s %s', adrelid::regclass, adnum, pg_get_expr(adbin, adrelid)) FROM pg_attrdef
        UNION ALL
        SELECT 'index', format('%s valid=%s', indexrelid::regclass, indisvalid) FROM pg_index
        UNION ALL
        SELECT 'comment', format('%s/%s/%s %s', classoid, objoid, objsubid, md5(description)) FROM pg_description
        UNION ALL
        SELECT 'default acl', format('%s %s', defaclobjtype, defaclacl) FROM pg_default_acl
        UNION ALL
        SELECT 'database', format('%s connections=%s allowed=%s acl=%s', datname, datconnlimit, datallowconn, datacl) FROM pg_database WHERE datname = current_database()
        UNION ALL
        SELECT 'setting', format('db=%s role=%s %s', setdatabase, setrole, setconfig) FROM pg_db_role_setting
        WHERE setdatabase IN (0, (SELECT oid FROM pg_database WHERE datname = current_database()))
        UNION ALL
        SELECT 'server file setting', format('%s %s=%s', sourcefile, name, setting) FROM pg_file_settings
        UNION ALL
        SELECT 'event trigger', evtname FROM pg_event_trigger
        UNION ALL
        SELECT 'publication', pubname FROM pg_publication
        UNION ALL
        SELECT 'large object', oid::text FROM pg_largeobject_metadata
        UNION ALL
        SELECT 'replication slot', slot_name FROM pg_replication_slots WHERE database IS NULL OR database = current_database()
        UNION ALL
        SELECT 'prepared transaction', gid FROM pg_prepared_xacts WHERE database = current_database()
        UNION ALL
        SELECT 'advisory lock', format('%s/%s/%s', classid, objid, objsubid) FROM pg_locks 
        WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
        UNION ALL
        SELECT 'sequence', format('%s.%s last=%s', schemaname, sequencename, last_value) FROM pg_sequences
        UNION ALL
        SELECT 'rows', format('%s.%s %s', n.nspname, c.relname,
                              (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1])
        FROM pg_class c JOIN user_ns n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'm')
        """;

    public static async Task<DatabaseFingerprint> TakeAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(CatalogSql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0) + "\t" + reader.GetString(1));
        }

        lines.Sort(StringComparer.Ordinal);
        return new DatabaseFingerprint(lines);
    }

    /// <summary>The lines only one side has, "- gone" and "+ new"; empty when nothing changed.</summary>
    public IReadOnlyList<string> Differences(DatabaseFingerprint later) =>
        [.. Lines.Except(later.Lines).Select(l => "- " + l), .. later.Lines.Except(Lines).Select(l => "+ " + l)];
}
