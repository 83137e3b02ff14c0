using System.Text.Json;
using static McpDbEngineer.Sql.Parsing.ParseTree;

namespace McpDbEngineer.Sql.Parsing;

/// <summary>
/// Statements refused in every mode, whatever a human says: they reach the server's files or programs, other servers,
/// the configuration, the system catalogs, the server's own audit schema, or give a role the power to bypass the guard.
/// They are made <see cref="StatementClass.Utility"/>, which the policy never runs.
/// </summary>
internal static class BeyondTheDatabase
{
    /// <summary>Schemas no agent statement may change: the system catalogs and the server's own (its audit log).</summary>
    private static readonly HashSet<string> ProtectedSchemas = new(StringComparer.Ordinal)
    {
        "pg_catalog", "information_schema", "pg_toast", "mcp_db_engineer",
    };

    /// <summary>Extensions that reach other servers, the server's files or programs, or install untrusted languages.</summary>
    private static readonly HashSet<string> EscapeExtensions = new(StringComparer.Ordinal)
    {
        "dblink", "postgres_fdw", "file_fdw", "adminpack", "plpython3u", "plpythonu", "plperlu", "pltclu", "plsh", "pg_execute_server_program",
    };

    /// <summary>Languages whose code cannot touch the server's files, programs or network.</summary>
    private static readonly HashSet<string> TrustedLanguages = new(StringComparer.Ordinal) { "sql", "plpgsql", "plperl", "pltcl", "plv8" };

    /// <summary>Predefined roles that hand out the server's files and programs.</summary>
    private static readonly HashSet<string> EscapeRoles = new(StringComparer.Ordinal)
    {
        "pg_execute_server_program", "pg_read_server_files", "pg_write_server_files",
    };

    /// <summary>Role attributes that put a role above the guard and the database's own checks.</summary>
    private static readonly Dictionary<string, string> GuardBypassingAttributes = new(StringComparer.Ordinal)
    {
        ["superuser"] = "SUPERUSER",
        ["bypassrls"] = "BYPASSRLS",
        ["isreplication"] = "REPLICATION",
    };

    /// <summary>System views that read the server's configuration files, not the database.</summary>
    private static readonly HashSet<string> FileViews = new(StringComparer.Ordinal) { "pg_hba_file_rules", "pg_file_settings", "pg_ident_file_mappings" };

    /// <summary>Refuses reading a system view that reads the server's files (pg_hba.conf, postgresql.conf).</summary>
    public static void CheckReads(IEnumerable<SqlName> relations, StatementAnalysis analysis)
    {
        if (relations.FirstOrDefault(r => r.Schema is null or "pg_catalog" && FileViews.Contains(r.Name)) is { } view)
        {
            analysis.Forbid($"{view.Name} reads the database server's configuration files");
        }
    }

    public static void Check(string type, JsonElement body, StatementAnalysis analysis)
    {
        if (Reason(type, body) is { } reason)
        {
            analysis.Forbid(reason);
        }
    }

    private static string? Reason(string type, JsonElement body) => type switch
    {
        "CopyStmt" when Flag(body, "is_from") && Text(body, "filename") is { } file && !Flag(body, "is_program") =>
            $"COPY FROM reads the file '{file}' on the database server",
        "CreateFdwStmt" or "AlterFdwStmt" or "CreateForeignServerStmt" or "AlterForeignServerStmt" or "CreateUserMappingStmt"
            or "AlterUserMappingStmt" or "CreateForeignTableStmt" or "ImportForeignSchemaStmt" =>
            $"{CommandWords(type)} sets up a way to another server or to the server's files (foreign data)",
        "CreateExtensionStmt" when Text(body, "extname") is { } extension && EscapeExtensions.Contains(extension) =>
            $"the extension {extension} reaches other servers, the server's files or programs",
        "CreatePLangStmt" => "CREATE LANGUAGE installs a procedural language",
        "CreateFunctionStmt" when Language(body) is { } language && !TrustedLanguages.Contains(language) =>
            $"LANGUAGE {language} is not a trusted language: its code can reach the server's files, programs and memory",
        "AlterDatabaseSetStmt" or "AlterRoleSetStmt" => $"{CommandWords(type).Replace(" SET", "", StringComparison.Ordinal)} … SET changes the configuration other sessions start with",
        "AlterFunctionStmt" when Items(body, "actions").Any(a => TryNode(a, out _, out var d) && Text(d, "defname") is "set" or "reset") =>
            "ALTER FUNCTION … SET changes the configuration the function runs with",
        "CreateRoleStmt" or "AlterRoleStmt" when BypassingAttribute(body) is { } attribute =>
            $"the role attribute {attribute} would put a role above the guard",
        "GrantRoleStmt" when Flag(body, "is_grant") && GrantedEscapeRole(body) is { } role =>
            $"the role {role} hands out the database server's files or programs",
        _ => ProtectedTarget(type, body) is { } target ? $"it changes {target}, which only PostgreSQL and this server may change" : null,
    };

    private static string? Language(JsonElement body)
    {
        foreach (var option in Items(body, "options"))
        {
            if (TryNode(option, out _, out var definition) && Text(definition, "defname") == "language"
                && TryNode(Field(definition, "arg"), out _, out var value))
            {
                return Text(value, "sval");
            }
        }

        return Has(body, "sql_body") ? "sql" : null;
    }

    private static string? BypassingAttribute(JsonElement body)
    {
        foreach (var option in Items(body, "options"))
        {
            if (TryNode(option, out _, out var definition)
                && Text(definition, "defname") is { } name && GuardBypassingAttributes.TryGetValue(name, out var attribute)
                && TryNode(Field(definition, "arg"), out _, out var value) && Flag(value, "boolval"))
            {
                return attribute;
            }
        }

        return null;
    }

    private static string? GrantedEscapeRole(JsonElement body) =>
        Items(body, "granted_roles")
            .Select(role => TryNode(role, out _, out var privilege) ? Text(privilege, "priv_name") : null)
            .FirstOrDefault(name => name is not null && EscapeRoles.Contains(name));

    /// <summary>
    /// The protected object a write or DDL statement targets ("pg_catalog.pg_settings", "schema mcp_db_engineer"), or
    /// null. Only targets count: reading a catalog inside a statement that writes elsewhere is fine. An unqualified
    /// pg_* relation counts too, since PostgreSQL looks in pg_catalog first.
    /// </summary>
    private static string? ProtectedTarget(string type, JsonElement body)
    {
        if (type == "CopyStmt" && !Flag(body, "is_from"))
        {
            return null; // COPY … TO reads
        }

        foreach (var field in (string[])["relation", "view", "into"])
        {
            var rangeVar = field == "into" ? Field(Field(body, "into"), "rel") : Field(body, field);
            if (ProtectedRelation(rangeVar, creates: type is "CreateStmt" or "ViewStmt" or "CreateTableAsStmt") is { } relation)
            {
                return relation;
            }
        }

        if (Names(Field(body, "funcname")) is { Count: > 1 } function && ProtectedSchemas.Contains(function[0]))
        {
            return string.Join('.', function);
        }

        foreach (var schemaField in (string[])["schemaname", "newschema", "subname"])
        {
            if (Text(body, schemaField) is { } schema && ProtectedSchemas.Contains(schema)
                && (schemaField != "subname" || Text(body, "renameType") == "OBJECT_SCHEMA"))
            {
                return "schema " + schema;
            }
        }

        foreach (var item in Items(body, "objects").Append(Field(body, "object")).Append(Field(body, "func")))
        {
            if (TryNode(item, out var itemType, out var rangeVar) && itemType == "RangeVar")
            {
                if (ProtectedRelation(rangeVar, creates: false) is { } relation)
                {
                    return relation;
                }
            }
            else if (ObjectName(item) is { Count: > 0 } parts && ProtectedSchemas.Contains(parts[0]))
            {
                return string.Join('.', parts);
            }
        }

        return null;
    }

    /// <summary>A relation written by a data-modifying CTE ("pg_settings", "mcp_db_engineer.audit_log") that is protected, or null.</summary>
    public static string? ProtectedRelation(string qualified)
    {
        var dot = qualified.LastIndexOf('.');
        return (dot < 0 ? qualified.StartsWith("pg_", StringComparison.Ordinal) : ProtectedSchemas.Contains(qualified[..qualified.IndexOf('.')]))
            ? qualified
            : null;
    }

    private static string? ProtectedRelation(JsonElement rangeVar, bool creates)
    {
        if (rangeVar.ValueKind != JsonValueKind.Object || Text(rangeVar, "relname") is not { } relation)
        {
            return null;
        }

        // Unqualified pg_* names resolve to pg_catalog first; a new table of that name lands in the user's schema.
        return Text(rangeVar, "schemaname") is { } schema
            ? ProtectedSchemas.Contains(schema) ? Relation(rangeVar) : null
            : !creates && relation.StartsWith("pg_", StringComparison.Ordinal) ? relation : null;
    }
}
