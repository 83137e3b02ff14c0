using System.Text.Json;
using McpDbEngineer.Sql;
using McpDbEngineer.Sql.Parsing;
using static McpDbEngineer.Sql.Parsing.ParseTree;

namespace McpDbEngineer.Migrations.Draft;

/// <summary>
/// Writes the down of an up migration from its parse tree and the catalog as it was before (<see cref="PriorCatalog"/>),
/// statement by statement in reverse order. Pure: the catalog is handed in, nothing is read or run here.
/// An up that destroys rows gets the structure back and is marked <see cref="Reversal.DataLost"/>; an up with no
/// known reverse is marked <see cref="Reversal.Impossible"/> and gets no down statement at all.
/// </summary>
internal static class DownMigrationBuilder
{
    public static IReadOnlyList<DownStep> Build(IReadOnlyList<UpStatement> ups, PriorCatalog prior) =>
        ups.Reverse().Select(up => Reverse(up, prior)).ToList();

    private static DownStep Reverse(UpStatement up, PriorCatalog prior)
    {
        var command = DdlAnalyzer.Analyze(up.Type, up.Body).Command;
        var body = up.Body;
        switch (up.Type)
        {
            case "CreateStmt":
                return Create(up, command, prior, "relation", null, WrittenNames.Relation(Field(body, "relation")), "DROP TABLE");
            case "IndexStmt" when Text(body, "idxname") is { } index:
                var indexName = WrittenNames.Beside(Field(body, "relation"), index);
                return Create(up, command, prior, "index", null, indexName, Flag(body, "concurrent") ? "DROP INDEX CONCURRENTLY" : "DROP INDEX");
            case "IndexStmt":
                return DownStep.Cannot(up, command, "the index has no name, so its down cannot name it: give it one (CREATE INDEX idx_… ON …)");
            case "ViewStmt":
                return Replace(up, command, prior, WrittenNames.Relation(Field(body, "view")), Flag(body, "replace"), "VIEW");
            case "CreateTableAsStmt":
                var into = WrittenNames.Relation(Field(Field(body, "into"), "rel"));
                return Create(up, command, prior, "relation", null, into, Text(body, "objtype") == "OBJECT_MATVIEW" ? "DROP MATERIALIZED VIEW" : "DROP TABLE");
            case "CreateFunctionStmt":
                return Function(up, command, prior);
            case "CompositeTypeStmt":
                return Create(up, command, prior, "type", null, WrittenNames.Relation(Field(body, "typevar")), "DROP TYPE");
            case "CreateEnumStmt" or "CreateRangeStmt":
                return Create(up, command, prior, "type", null, WrittenNames.List(Field(body, "typeName")), "DROP TYPE");
            case "DefineStmt" when Text(body, "kind") == "OBJECT_TYPE":
                return Create(up, command, prior, "type", null, WrittenNames.List(Field(body, "defnames")), "DROP TYPE");
            case "CreateDomainStmt":
                return Create(up, command, prior, "type", null, WrittenNames.List(Field(body, "domainname")), "DROP DOMAIN");
            case "CreateSeqStmt":
                return Create(up, command, prior, "relation", null, WrittenNames.Relation(Field(body, "sequence")), "DROP SEQUENCE");
            case "CreateExtensionStmt":
                return Create(up, command, prior, "extension", null, Identifiers.AsPrinted(Text(body, "extname") ?? "?"), "DROP EXTENSION");
            case "CreateSchemaStmt":
                return Create(up, command, prior, "schema", null, Identifiers.AsPrinted(Text(body, "schemaname") ?? "?"), "DROP SCHEMA");
            case "CreateTrigStmt":
                return OnTable(up, command, prior, "trigger", Field(body, "relation"), Text(body, "trigname") ?? "?", Flag(body, "replace"));
            case "CreatePolicyStmt":
                return OnTable(up, command, prior, "policy", Field(body, "table"), Text(body, "policy_name") ?? "?", replace: false);
            case "AlterTableStmt":
                return AlterTable(up, command, prior);
            case "RenameStmt":
                return Rename(up, command);
            case "GrantStmt":
                return Grant(up, command);
            case "DropStmt":
                return Drop(up, command, prior);
            case "AlterEnumStmt":
                return DownStep.Cannot(up, command, "PostgreSQL cannot remove or rename back an enum value in place: to undo it, create the type anew without the value and move the columns to it");
            case "VariableSetStmt" or "TransactionStmt":
                return DownStep.Undo(up, command); // session settings and transaction control: nothing to undo
            case "InsertStmt" or "UpdateStmt" or "DeleteStmt" or "MergeStmt" or "TruncateStmt":
                return DownStep.Cannot(up, command, "it changes rows, and which rows and values it changed are not in the catalog: write the data's down by hand (or keep a copy of the rows before)");
            default:
                return DownStep.Cannot(up, command, $"no reverse is known for {command}: write its down by hand");
        }
    }

    /// <summary>A CREATE whose down drops what it made; with IF NOT EXISTS an object that already existed is left alone.</summary>
    private static DownStep Create(UpStatement up, string command, PriorCatalog prior, string kind, string? relation, string name, string drop)
    {
        if (Flag(up.Body, "if_not_exists") && prior.Find(kind, relation, name) is not null)
        {
            return new DownStep(up.Number, command, [], Reversal.Exact, $"{name} existed before (IF NOT EXISTS): the down leaves it");
        }

        return DownStep.Undo(up, command, $"{drop} {name}");
    }

    /// <summary>CREATE [OR REPLACE] VIEW: the down puts the previous definition back, or drops a new view.</summary>
    private static DownStep Replace(UpStatement up, string command, PriorCatalog prior, string name, bool replace, string kind)
    {
        if (replace && prior.Find("relation", null, name) is { } was && was.Fact("kind") == "v")
        {
            return new DownStep(up.Number, command, [$"CREATE OR REPLACE {kind} {name} AS{was.Fact("definition")}"], Reversal.Exact,
                "if the new view adds columns, CREATE OR REPLACE cannot take them away: the down then needs DROP VIEW first");
        }

        return DownStep.Undo(up, command, $"DROP {kind} {name}");
    }

    private static DownStep Function(UpStatement up, string command, PriorCatalog prior)
    {
        var name = WrittenNames.List(Field(up.Body, "funcname"));
        var signature = WrittenNames.Signature(name, WrittenNames.InputTypes(up.Body));
        var routine = Flag(up.Body, "is_procedure") ? "PROCEDURE" : "FUNCTION";
        if (Flag(up.Body, "replace") && prior.Find("function", null, signature) is { } was)
        {
            return DownStep.Undo(up, command, was.Recreate.ToArray());
        }

        return DownStep.Undo(up, command, $"DROP {routine} {signature}");
    }

    /// <summary>A trigger or policy: named on its table.</summary>
    private static DownStep OnTable(UpStatement up, string command, PriorCatalog prior, string kind, JsonElement rangeVar, string name, bool replace)
    {
        var table = WrittenNames.Relation(rangeVar);
        var drop = $"DROP {kind.ToUpperInvariant()} {Identifiers.AsPrinted(name)} ON {table}";
        return replace && prior.Find(kind, table, name) is { } was
            ? DownStep.Undo(up, command, [drop, .. was.Recreate])
            : DownStep.Undo(up, command, drop);
    }

    private static DownStep AlterTable(UpStatement up, string command, PriorCatalog prior)
    {
        var table = WrittenNames.Relation(Field(up.Body, "relation"));
        var alter = $"ALTER {ObjectWords(Text(up.Body, "objtype"))} {table}";
        var statements = new List<string>();
        var lost = new List<string>();
        var impossible = new List<string>();
        foreach (var item in Items(up.Body, "cmds").Reverse())
        {
            if (!TryNode(item, out _, out var cmd))
            {
                continue;
            }

            var column = Text(cmd, "name") ?? "?";
            var columnName = Identifiers.AsPrinted(column);
            switch (Text(cmd, "subtype"))
            {
                case "AT_AddColumn":
                    var added = Text(Field(Field(cmd, "def"), "ColumnDef"), "colname") ?? "?";
                    if (!(Flag(cmd, "missing_ok") && prior.Find("column", table, added) is not null))
                    {
                        statements.Add($"{alter} DROP COLUMN {Identifiers.AsPrinted(added)}");
                    }

                    break;
                case "AT_DropColumn":
                    if (prior.Find("column", table, column) is { } droppedColumn)
                    {
                        statements.AddRange(droppedColumn.Recreate);
                        lost.Add($"every value of column {table}.{columnName} ({droppedColumn.Fact("type")}); indexes and constraints on it are not rebuilt");
                    }
                    else
                    {
                        impossible.Add($"column {table}.{columnName} is not in the live catalog, so its type is unknown");
                    }

                    break;
                case "AT_AddConstraint":
                    if (ConstraintName(cmd, Text(Field(up.Body, "relation"), "relname") ?? "") is { } constraint)
                    {
                        statements.Add($"{alter} DROP CONSTRAINT {Identifiers.AsPrinted(constraint)}");
                    }
                    else
                    {
                        impossible.Add("the constraint has no name and PostgreSQL chooses one the down cannot predict: name it (ADD CONSTRAINT chk_… CHECK …)");
                    }

                    break;
                case "AT_DropConstraint":
                    if (prior.Find("constraint", table, column) is { } droppedConstraint)
                    {
                        statements.AddRange(droppedConstraint.Recreate);
                    }
                    else
                    {
                        impossible.Add($"constraint {columnName} is not in the live catalog");
                    }

                    break;
                case "AT_ColumnDefault":
                    var before = prior.Find("column", table, column);
                    statements.Add(before is not null && before.Flag("has_default")
                        ? $"{alter} ALTER COLUMN {columnName} SET DEFAULT {before.Fact("default")}"
                        : $"{alter} ALTER COLUMN {columnName} DROP DEFAULT");
                    break;
                case "AT_SetNotNull":
                    if (prior.Find("column", table, column) is not { } wasNotNull || !wasNotNull.Flag("not_null"))
                    {
                        statements.Add($"{alter} ALTER COLUMN {columnName} DROP NOT NULL");
                    }

                    break;
                case "AT_DropNotNull":
                    if (prior.Find("column", table, column) is { } wasNullable && wasNullable.Flag("not_null"))
                    {
                        statements.Add($"{alter} ALTER COLUMN {columnName} SET NOT NULL");
                    }

                    break;
                case "AT_AlterColumnType":
                    if (prior.Find("column", table, column) is { } typed)
                    {
                        var newType = Field(Field(Field(cmd, "def"), "ColumnDef"), "typeName");
                        var oldType = typed.Fact("type");
                        statements.Add($"{alter} ALTER COLUMN {columnName} TYPE {oldType} USING {columnName}::{oldType}");
                        if (!TypeWidening.Widens(oldType, newType))
                        {
                            lost.Add($"values of {table}.{columnName} that the new type cannot hold exactly (rounded, cut or refused) when it changes from {oldType}");
                        }
                    }
                    else
                    {
                        impossible.Add($"column {table}.{columnName} is not in the live catalog, so its previous type is unknown");
                    }

                    break;
                case "AT_SetRelOptions" or "AT_ResetRelOptions":
                    statements.AddRange(Options(alter, cmd, prior.Find("relation", null, table)));
                    break;
                case "AT_EnableRowSecurity" or "AT_DisableRowSecurity" or "AT_ForceRowSecurity" or "AT_NoForceRowSecurity":
                    statements.AddRange(RowSecurity(alter, Text(cmd, "subtype")!, prior.Find("relation", null, table)));
                    break;
                case "AT_EnableTrig":
                    statements.Add($"{alter} DISABLE TRIGGER {columnName}");
                    break;
                case "AT_DisableTrig":
                    statements.Add($"{alter} ENABLE TRIGGER {columnName}");
                    break;
                case "AT_ValidateConstraint":
                    break; // validating changes nothing a down must undo
                default:
                    impossible.Add($"{Text(cmd, "subtype")?.Replace("AT_", "", StringComparison.Ordinal)} has no known reverse: write its down by hand");
                    break;
            }
        }

        return Step(up, command, statements, lost, impossible);
    }

    /// <summary>A statement of several parts (ALTER TABLE commands, DROP objects): one part without a reverse leaves the whole without a down.</summary>
    private static DownStep Step(UpStatement up, string command, List<string> statements, List<string> lost, List<string> impossible) =>
        impossible.Count > 0 ? DownStep.Cannot(up, command, string.Join("; ", impossible))
        : lost.Count > 0 ? new DownStep(up.Number, command, statements, Reversal.DataLost, string.Join("; ", lost))
        : new DownStep(up.Number, command, statements, Reversal.Exact);

    /// <summary>
    /// The constraint's name: as written, or the one PostgreSQL gives an unnamed primary key, unique or foreign key
    /// ({table}_pkey, {table}_{columns}_key, {table}_{columns}_fkey). A CHECK's generated name depends on its expression: null.
    /// </summary>
    private static string? ConstraintName(JsonElement cmd, string table)
    {
        var constraint = Field(Field(cmd, "def"), "Constraint");
        if (Text(constraint, "conname") is { } named)
        {
            return named;
        }

        var generated = Text(constraint, "contype") switch
        {
            "CONSTR_PRIMARY" => $"{table}_pkey",
            "CONSTR_UNIQUE" => $"{table}_{string.Join('_', Names(Field(constraint, "keys")))}_key",
            "CONSTR_FOREIGN" => $"{table}_{string.Join('_', Names(Field(constraint, "fk_attrs")))}_fkey",
            _ => null,
        };
        // PostgreSQL shortens names over 63 bytes in its own way: rather than imitate it, say the name is unknown.
        return generated is { Length: <= 63 } ? generated : null;
    }

    private static IEnumerable<string> Options(string alter, JsonElement cmd, PriorObject? relation)
    {
        var before = (relation?.Fact("options") ?? "")
            .Split(", ", StringSplitOptions.RemoveEmptyEntries)
            .Select(o => o.Split('=', 2))
            .ToDictionary(o => o[0], o => o.Length > 1 ? o[1] : "", StringComparer.Ordinal);
        var keys = Items(Field(Field(cmd, "def"), "List"), "items").Select(d => TryNode(d, out _, out var element) ? Text(element, "defname") : null).OfType<string>().ToList();
        var restore = keys.Where(before.ContainsKey).Select(k => $"{k} = {before[k]}").ToList();
        var reset = keys.Where(k => !before.ContainsKey(k)).ToList();
        if (restore.Count > 0)
        {
            yield return $"{alter} SET ({string.Join(", ", restore)})";
        }

        if (reset.Count > 0)
        {
            yield return $"{alter} RESET ({string.Join(", ", reset)})";
        }
    }

    private static IEnumerable<string> RowSecurity(string alter, string subtype, PriorObject? relation)
    {
        var (fact, on, off) = subtype is "AT_EnableRowSecurity" or "AT_DisableRowSecurity"
            ? ("rls", "ENABLE ROW LEVEL SECURITY", "DISABLE ROW LEVEL SECURITY")
            : ("force_rls", "FORCE ROW LEVEL SECURITY", "NO FORCE ROW LEVEL SECURITY");
        var wasOn = relation?.Flag(fact) ?? false;
        var turnsOn = subtype is "AT_EnableRowSecurity" or "AT_ForceRowSecurity";
        if (wasOn != turnsOn)
        {
            yield return $"{alter} {(wasOn ? on : off)}";
        }
    }

    private static DownStep Rename(UpStatement up, string command)
    {
        var body = up.Body;
        var from = Identifiers.AsPrinted(Text(body, "subname") ?? "?");
        var to = Identifiers.AsPrinted(Text(body, "newname") ?? "?");
        var relation = Field(body, "relation");
        var kind = Text(body, "renameType");
        return kind switch
        {
            "OBJECT_COLUMN" => DownStep.Undo(up, command,
                $"ALTER {ObjectWords(Text(body, "relationType"))} {WrittenNames.Relation(relation)} RENAME COLUMN {to} TO {from}"),
            "OBJECT_TABCONSTRAINT" => DownStep.Undo(up, command, $"ALTER TABLE {WrittenNames.Relation(relation)} RENAME CONSTRAINT {to} TO {from}"),
            "OBJECT_TABLE" or "OBJECT_VIEW" or "OBJECT_MATVIEW" or "OBJECT_INDEX" or "OBJECT_SEQUENCE" or "OBJECT_FOREIGN_TABLE" =>
                DownStep.Undo(up, command, $"ALTER {ObjectWords(kind)} {WrittenNames.Beside(relation, Text(body, "newname") ?? "?")} RENAME TO {Identifiers.AsPrinted(Text(relation, "relname") ?? "?")}"),
            "OBJECT_TRIGGER" or "OBJECT_POLICY" =>
                DownStep.Undo(up, command, $"ALTER {ObjectWords(kind)} {to} ON {WrittenNames.Relation(relation)} RENAME TO {from}"),
            "OBJECT_SCHEMA" => DownStep.Undo(up, command, $"ALTER SCHEMA {to} RENAME TO {from}"),
            "OBJECT_TYPE" or "OBJECT_DOMAIN" when Names(Field(Field(body, "object"), "List") is { ValueKind: JsonValueKind.Object } list ? Field(list, "items") : default) is { Count: > 0 } parts =>
                DownStep.Undo(up, command, $"ALTER {ObjectWords(kind)} {WrittenNames.Join([.. parts.SkipLast(1), Text(body, "newname") ?? "?"])} RENAME TO {Identifiers.AsPrinted(parts[^1])}"),
            "OBJECT_FUNCTION" or "OBJECT_PROCEDURE" when Field(Field(body, "object"), "ObjectWithArgs") is { ValueKind: JsonValueKind.Object } function =>
                DownStep.Undo(up, command, $"ALTER {ObjectWords(kind)} {RenamedFunction(function, Text(body, "newname") ?? "?")} RENAME TO {Identifiers.AsPrinted(Names(Field(function, "objname"))[^1])}"),
            _ => DownStep.Cannot(up, command, $"renaming a {ObjectWords(kind).ToLowerInvariant()} has no known reverse here: write its down by hand"),
        };
    }

    private static string RenamedFunction(JsonElement function, string newName)
    {
        var parts = Names(Field(function, "objname"));
        return WrittenNames.Signature(WrittenNames.Join([.. parts.SkipLast(1), newName]), Items(function, "objargs"));
    }

    /// <summary>GRANT ↔ REVOKE of the same privileges on the same objects to the same roles.</summary>
    private static DownStep Grant(UpStatement up, string command)
    {
        var body = up.Body;
        var objects = GrantObjects(body);
        if (objects is null)
        {
            return DownStep.Cannot(up, command, "privileges on this kind of object have no known reverse here: write its down by hand");
        }

        var privileges = Items(body, "privileges").ToList() is { Count: > 0 } list
            ? string.Join(", ", list.Select(p => TryNode(p, out _, out var priv) ? Privilege(priv) : "?"))
            : "ALL";
        var roles = string.Join(", ", Items(body, "grantees").Select(g => TryNode(g, out _, out var role) ? RoleName(role) : "?"));
        return Flag(body, "is_grant")
            ? DownStep.Undo(up, command, $"REVOKE {privileges} ON {objects} FROM {roles}")
            : new DownStep(up.Number, command, [$"GRANT {privileges} ON {objects} TO {roles}"], Reversal.Exact,
                "the down grants what the up revoked: if a role did not hold it before, it gains it");
    }

    private static string Privilege(JsonElement accessPriv)
    {
        var name = (Text(accessPriv, "priv_name") ?? "ALL").ToUpperInvariant();
        var columns = Names(Field(accessPriv, "cols"));
        return columns.Count > 0 ? $"{name} ({string.Join(", ", columns.Select(Identifiers.AsPrinted))})" : name;
    }

    private static string RoleName(JsonElement roleSpec) => Role(roleSpec) switch
    {
        "PUBLIC" or "CURRENT_USER" or "SESSION_USER" or "CURRENT_ROLE" => Role(roleSpec),
        var role => Identifiers.AsPrinted(role),
    };

    private static string? GrantObjects(JsonElement body)
    {
        var objtype = Text(body, "objtype");
        var items = Items(body, "objects").ToList();
        if (Text(body, "targtype") == "ACL_TARGET_ALL_IN_SCHEMA")
        {
            var kind = objtype switch { "OBJECT_TABLE" => "TABLES", "OBJECT_SEQUENCE" => "SEQUENCES", "OBJECT_FUNCTION" => "FUNCTIONS", _ => null };
            return kind is null ? null : $"ALL {kind} IN SCHEMA {string.Join(", ", items.Select(i => Identifiers.AsPrinted(ObjectName(i).LastOrDefault() ?? "?")))}";
        }

        var names = items.Select(item => TryNode(item, out var type, out var node) ? type switch
        {
            "RangeVar" => WrittenNames.Relation(node),
            "ObjectWithArgs" => WrittenNames.FunctionObject(node),
            "String" => Identifiers.AsPrinted(Text(node, "sval") ?? "?"),
            _ => null,
        } : null).ToList();
        if (names.Any(n => n is null))
        {
            return null;
        }

        return objtype switch
        {
            "OBJECT_TABLE" => $"TABLE {string.Join(", ", names)}",
            "OBJECT_SEQUENCE" or "OBJECT_SCHEMA" or "OBJECT_FUNCTION" or "OBJECT_PROCEDURE" or "OBJECT_TYPE" or "OBJECT_DOMAIN" =>
                $"{ObjectWords(objtype)} {string.Join(", ", names)}",
            _ => null,
        };
    }

    /// <summary>DROP: each object built again from the catalog; a table's rows (and a sequence's position) are lost.</summary>
    private static DownStep Drop(UpStatement up, string command, PriorCatalog prior)
    {
        var body = up.Body;
        var removeType = Text(body, "removeType");
        var statements = new List<string>();
        var lost = new List<string>();
        var impossible = new List<string>();
        foreach (var item in Items(body, "objects").Reverse())
        {
            var (kind, relation, name) = DroppedObject(removeType, item);
            if (kind is null)
            {
                impossible.Add($"dropping a {ObjectWords(removeType).ToLowerInvariant()} has no known reverse here: write its down by hand");
                continue;
            }

            var was = prior.Find(kind, relation, name);
            if (was is null || was.Recreate.Count == 0)
            {
                impossible.Add(Flag(body, "missing_ok")
                    ? $"{name} does not exist in the live catalog (IF EXISTS): nothing to rebuild"
                    : $"{name} is not in the live catalog, so its definition is unknown");
                continue;
            }

            statements.AddRange(was.Recreate);
            switch (removeType)
            {
                case "OBJECT_TABLE":
                    lost.Add($"every row of {name} (the down rebuilds the table, its constraints, indexes, triggers, policies and grants, empty)");
                    break;
                case "OBJECT_MATVIEW":
                    lost.Add($"nothing that cannot be computed again: {name} comes back empty (WITH NO DATA); REFRESH MATERIALIZED VIEW {name} fills it");
                    break;
                case "OBJECT_SEQUENCE":
                    lost.Add($"the position of sequence {name}: it starts again from its START value; setval() it to where it was");
                    break;
                case "OBJECT_TYPE" or "OBJECT_DOMAIN" when Text(body, "behavior") == "DROP_CASCADE":
                    lost.Add($"every column of type {name} (CASCADE dropped them with their values)");
                    break;
                case "OBJECT_SCHEMA" when was.Fact("objects") is not ("" or "0"):
                    impossible.Add($"schema {name} holds {was.Fact("objects")} relations, which the down cannot rebuild");
                    break;
            }
        }

        if (Text(body, "behavior") == "DROP_CASCADE" && removeType is not ("OBJECT_TYPE" or "OBJECT_DOMAIN"))
        {
            lost.Add("whatever else CASCADE dropped with them (dependent views, foreign keys, columns): the down does not rebuild it");
        }

        return Step(up, command, statements, lost, impossible);
    }

    private static (string? Kind, string? Relation, string Name) DroppedObject(string? removeType, JsonElement item)
    {
        var parts = ObjectName(item);
        var name = WrittenNames.Join(parts);
        return removeType switch
        {
            "OBJECT_TABLE" or "OBJECT_VIEW" or "OBJECT_MATVIEW" or "OBJECT_SEQUENCE" => ("relation", null, name),
            "OBJECT_INDEX" => ("index", null, name),
            "OBJECT_TYPE" or "OBJECT_DOMAIN" => ("type", null, name),
            "OBJECT_EXTENSION" => ("extension", null, name),
            "OBJECT_SCHEMA" => ("schema", null, name),
            "OBJECT_FUNCTION" or "OBJECT_PROCEDURE" when TryNode(item, out _, out var function) => ("function", null, WrittenNames.FunctionObject(function)),
            "OBJECT_TRIGGER" or "OBJECT_POLICY" when parts.Count > 1 =>
                (removeType == "OBJECT_TRIGGER" ? "trigger" : "policy", WrittenNames.Join(parts.SkipLast(1)), parts[^1]),
            _ => (null, null, name),
        };
    }
}
