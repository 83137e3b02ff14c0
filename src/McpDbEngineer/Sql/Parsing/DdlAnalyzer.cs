using System.Text.Json;
using static McpDbEngineer.Sql.Parsing.ParseTree;

namespace McpDbEngineer.Sql.Parsing;

/// <summary>
/// Statements that change the database's structure, objects or roles: which command each is and what the
/// destructive ones destroy.
/// </summary>
internal static class DdlAnalyzer
{
    // Tags the node names do not spell out (the rest read well as words: CreateExtensionStmt → CREATE EXTENSION).
    private static readonly Dictionary<string, string> Commands = new(StringComparer.Ordinal)
    {
        ["IndexStmt"] = "CREATE INDEX",
        ["ViewStmt"] = "CREATE VIEW",
        ["RuleStmt"] = "CREATE RULE",
        ["CreateSeqStmt"] = "CREATE SEQUENCE",
        ["AlterSeqStmt"] = "ALTER SEQUENCE",
        ["CompositeTypeStmt"] = "CREATE TYPE",
        ["CreateEnumStmt"] = "CREATE TYPE",
        ["CreateRangeStmt"] = "CREATE TYPE",
        ["AlterEnumStmt"] = "ALTER TYPE",
        ["CreateTrigStmt"] = "CREATE TRIGGER",
        ["CreateEventTrigStmt"] = "CREATE EVENT TRIGGER",
        ["AlterEventTrigStmt"] = "ALTER EVENT TRIGGER",
        ["CreatedbStmt"] = "CREATE DATABASE",
        ["AlterDatabaseSetStmt"] = "ALTER DATABASE",
        ["AlterDatabaseRefreshCollStmt"] = "ALTER DATABASE",
        ["AlterRoleSetStmt"] = "ALTER ROLE",
        ["CreateFdwStmt"] = "CREATE FOREIGN DATA WRAPPER",
        ["AlterFdwStmt"] = "ALTER FOREIGN DATA WRAPPER",
        ["CreateForeignServerStmt"] = "CREATE SERVER",
        ["AlterForeignServerStmt"] = "ALTER SERVER",
        ["CreateStatsStmt"] = "CREATE STATISTICS",
        ["AlterStatsStmt"] = "ALTER STATISTICS",
        ["CreateOpClassStmt"] = "CREATE OPERATOR CLASS",
        ["CreateOpFamilyStmt"] = "CREATE OPERATOR FAMILY",
        ["AlterOpFamilyStmt"] = "ALTER OPERATOR FAMILY",
        ["CreatePLangStmt"] = "CREATE LANGUAGE",
        ["CreateAmStmt"] = "CREATE ACCESS METHOD",
        ["CreateTableSpaceStmt"] = "CREATE TABLESPACE",
        ["AlterTableSpaceOptionsStmt"] = "ALTER TABLESPACE",
        ["AlterTableMoveAllStmt"] = "ALTER TABLE",
        ["AlterTSDictionaryStmt"] = "ALTER TEXT SEARCH DICTIONARY",
        ["AlterTSConfigurationStmt"] = "ALTER TEXT SEARCH CONFIGURATION",
        ["AlterDefaultPrivilegesStmt"] = "ALTER DEFAULT PRIVILEGES",
        ["AlterExtensionContentsStmt"] = "ALTER EXTENSION",
        ["AlterObjectDependsStmt"] = "ALTER … DEPENDS ON EXTENSION",
        ["SecLabelStmt"] = "SECURITY LABEL",
        ["CommentStmt"] = "COMMENT",
        ["RefreshMatViewStmt"] = "REFRESH MATERIALIZED VIEW",
        ["DropTableSpaceStmt"] = "DROP TABLESPACE",
        ["DropdbStmt"] = "DROP DATABASE",
        ["DropOwnedStmt"] = "DROP OWNED",
        ["ReassignOwnedStmt"] = "REASSIGN OWNED",
    };

    public static StatementAnalysis Analyze(string type, JsonElement body)
    {
        var analysis = new StatementAnalysis(Command(type, body), StatementClass.Ddl);
        switch (type)
        {
            case "CreateStmt" when Text(Field(body, "relation"), "relpersistence") == "t":
                analysis.Reason($"CREATE TABLE creates the temporary table {Relation(Field(body, "relation"))}");
                break;
            case "DropStmt":
                Drop(analysis, body);
                break;
            case "TruncateStmt":
                foreach (var relation in Items(body, "relations"))
                {
                    var name = TryNode(relation, out _, out var rangeVar) ? Relation(rangeVar) : "?";
                    analysis.Destroys($"all rows of {name}", $"TRUNCATE removes every row of {name}");
                }

                if (Text(body, "behavior") == "DROP_CASCADE")
                {
                    analysis.Reason("CASCADE also empties every table that references them by foreign key");
                }

                break;
            case "AlterTableStmt":
                AlterTable(analysis, body);
                break;
            case "DropdbStmt":
                analysis.Destroys($"database {Text(body, "dbname")}", $"DROP DATABASE destroys the database {Text(body, "dbname")}");
                break;
            case "DropRoleStmt":
                foreach (var role in Roles(body, "roles"))
                {
                    analysis.Destroys($"role {role}", $"DROP ROLE removes the role {role}");
                }

                break;
            case "DropOwnedStmt":
                foreach (var role in Roles(body, "roles"))
                {
                    analysis.Destroys($"every object owned by role {role}", $"DROP OWNED drops every object owned by {role} and revokes its privileges");
                }

                break;
            case "ReassignOwnedStmt":
                analysis.Disrupts($"REASSIGN OWNED gives every object of {string.Join(", ", Roles(body, "roles"))} to {Role(Field(body, "newrole"))}");
                break;
            case "DropTableSpaceStmt":
                analysis.Destroys($"tablespace {Text(body, "tablespacename")}", $"DROP TABLESPACE removes the tablespace {Text(body, "tablespacename")}");
                break;
            case "DropSubscriptionStmt":
                analysis.Destroys($"subscription {Text(body, "subname")}", $"DROP SUBSCRIPTION removes the subscription {Text(body, "subname")}");
                break;
            case "DropUserMappingStmt":
                var mapping = $"user mapping for {Role(Field(body, "user"))} on server {Text(body, "servername")}";
                analysis.Destroys(mapping, $"DROP USER MAPPING removes the {mapping}");
                break;
            case "AlterDatabaseStmt":
                analysis.Disrupts("ALTER DATABASE changes how the whole database is reached or stored");
                break;
            case "AlterRoleStmt":
                analysis.Disrupts($"ALTER ROLE changes the rights or credentials of {Role(Field(body, "role"))}");
                break;
            case "RenameStmt" when Text(body, "renameType") is "OBJECT_DATABASE" or "OBJECT_SCHEMA" or "OBJECT_ROLE":
                analysis.Disrupts($"{analysis.Command} renames the {ObjectWords(Text(body, "renameType")).ToLowerInvariant()} {Text(body, "subname")}, breaking everything that names it");
                break;
        }

        if (analysis.Reasons.Count == 0)
        {
            analysis.Reason($"{analysis.Command} changes the database's structure (DDL)");
        }

        // CREATE INDEX CONCURRENTLY and DROP INDEX CONCURRENTLY wait for other transactions between their steps.
        if (type is "IndexStmt" or "DropStmt" && Flag(body, "concurrent"))
        {
            analysis.OutsideTransactionReason = $"{analysis.Command} CONCURRENTLY cannot run inside a transaction block";
        }

        return analysis;
    }

    private static string Command(string type, JsonElement body) => type switch
    {
        "CreateStmt" => "CREATE TABLE",
        "DropStmt" => "DROP " + ObjectWords(Text(body, "removeType")),
        "AlterTableStmt" => "ALTER " + ObjectWords(Text(body, "objtype")),
        "RenameStmt" => "ALTER " + ObjectWords(Text(body, "renameType") is "OBJECT_COLUMN" or "OBJECT_TABCONSTRAINT"
            ? Text(body, "relationType")
            : Text(body, "renameType")) + " RENAME",
        "AlterOwnerStmt" => "ALTER " + ObjectWords(Text(body, "objectType")) + " OWNER",
        "AlterObjectSchemaStmt" => "ALTER " + ObjectWords(Text(body, "objectType")) + " SET SCHEMA",
        "DefineStmt" => "CREATE " + ObjectWords(Text(body, "kind")),
        "CreateFunctionStmt" => Flag(body, "is_procedure") ? "CREATE PROCEDURE" : "CREATE FUNCTION",
        "CreateRoleStmt" => Text(body, "stmt_type") switch
        {
            "ROLESTMT_USER" => "CREATE USER",
            "ROLESTMT_GROUP" => "CREATE GROUP",
            _ => "CREATE ROLE",
        },
        "GrantStmt" or "GrantRoleStmt" => Flag(body, "is_grant") ? "GRANT" : "REVOKE",
        "TruncateStmt" => "TRUNCATE",
        _ => Commands.TryGetValue(type, out var command) ? command : CommandWords(type),
    };

    private static void Drop(StatementAnalysis analysis, JsonElement body)
    {
        var removeType = Text(body, "removeType");
        var kind = ObjectWords(removeType).ToLowerInvariant();
        foreach (var item in Items(body, "objects"))
        {
            var parts = ObjectName(item);
            // Triggers, policies and rules are named after their table: [schema, table, name].
            var what = removeType is "OBJECT_TRIGGER" or "OBJECT_POLICY" or "OBJECT_RULE" && parts.Count > 1
                ? $"{kind} {parts[^1]} on {string.Join('.', parts.Take(parts.Count - 1))}"
                : $"{kind} {(parts.Count > 0 ? string.Join('.', parts) : "?")}";
            analysis.Destroys(what, $"{analysis.Command} destroys {what}");
        }

        if (Text(body, "behavior") == "DROP_CASCADE")
        {
            analysis.Reason("CASCADE also drops every object that depends on them");
        }
    }

    private static void AlterTable(StatementAnalysis analysis, JsonElement body)
    {
        var relation = Relation(Field(body, "relation"));
        foreach (var item in Items(body, "cmds"))
        {
            if (!TryNode(item, out _, out var command))
            {
                continue;
            }

            var name = Text(command, "name");
            switch (Text(command, "subtype"))
            {
                case "AT_DropColumn":
                    analysis.Destroys($"column {relation}.{name}", $"DROP COLUMN destroys the column {relation}.{name} and its data");
                    break;
                case "AT_DropConstraint":
                    analysis.Destroys($"constraint {name} on {relation}", $"DROP CONSTRAINT removes the constraint {name} from {relation}");
                    break;
                case "AT_AlterColumnType":
                    analysis.Destroys(
                        $"values of column {relation}.{name} (converted to a new type)",
                        $"ALTER COLUMN TYPE rewrites the column {relation}.{name} and its table under an ACCESS EXCLUSIVE lock");
                    break;
            }
        }
    }

    private static IEnumerable<string> Roles(JsonElement body, string field) =>
        Items(body, field).Select(node => TryNode(node, out _, out var role) ? Role(role) : "?");
}
