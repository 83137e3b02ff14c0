using System.Data;
using System.Globalization;
using System.Text;
using McpDbEngineer.Database;
using McpDbEngineer.Sql;
using Npgsql;

namespace McpDbEngineer.Schema;

/// <summary>
/// describe_table: everything an engineer checks before touching a table, in one terse text. Two round trips: the
/// name is resolved, then eight catalog queries go in one batch. Sections that would be empty are left out, and so
/// are facts that hold for almost every table (NO ACTION, MATCH SIMPLE, valid indexes, enabled triggers).
/// </summary>
public sealed class TableDescriber(DatabaseExecutor executor)
{
    /// <summary>Partitions or inheritance children listed before the rest are only counted.</summary>
    public const int ChildrenShown = 50;

    /// <summary>View definitions longer than this are cut (with a note): a big view should not crowd out the rest.</summary>
    private const int ViewDefinitionShown = 2000;

    private static readonly string[] Queries =
        ["table_header", "table_columns", "table_constraints", "table_foreign_keys", "table_indexes", "table_triggers", "table_policies", "table_children"];

    public Task<string> DescribeAsync(string table, string? schema, CancellationToken cancellationToken)
    {
        var name = QualifiedName.Parse(table, schema);
        return executor.CatalogAsync(async (connection, ct) =>
        {
            var relation = await CatalogNames.ResolveRelationAsync(connection, name, ct);
            await using var batch = new NpgsqlBatch(connection);
            foreach (var query in Queries)
            {
                var command = new NpgsqlBatchCommand(EmbeddedFiles.Get($"Schema/Sql/{query}.sql"))
                {
                    Parameters = { new() { Value = relation.Oid, DataTypeName = "oid" } },
                };
                if (query == "table_children")
                {
                    command.Parameters.Add(new() { Value = ChildrenShown });
                }

                batch.BatchCommands.Add(command);
            }

            var text = new StringBuilder();
            await using var reader = await batch.ExecuteReaderAsync(ct);
            await WriteHeaderAsync(reader, relation, text, ct);
            await reader.NextResultAsync(ct);
            await WriteColumnsAsync(reader, text, ct);
            await reader.NextResultAsync(ct);
            await WriteConstraintsAsync(reader, text, ct);
            await reader.NextResultAsync(ct);
            await WriteForeignKeysAsync(reader, text, ct);
            await reader.NextResultAsync(ct);
            await WriteIndexesAsync(reader, text, ct);
            await reader.NextResultAsync(ct);
            await WriteTriggersAsync(reader, text, ct);
            await reader.NextResultAsync(ct);
            await WritePoliciesAsync(reader, text, ct);
            await reader.NextResultAsync(ct);
            await WriteChildrenAsync(reader, relation, text, ct);
            return text.ToString();
        }, cancellationToken);
    }

    private static async Task WriteHeaderAsync(NpgsqlDataReader reader, ResolvedRelation relation, StringBuilder text, CancellationToken ct)
    {
        await reader.ReadAsync(ct);
        var hasStorage = relation.Kind is 'r' or 'p' or 'm';
        text.Append(relation.Display).Append(" (").Append(KindName(relation.Kind, reader.GetString("relpersistence"))).Append(')');
        if (hasStorage)
        {
            var rows = reader.GetDouble("rows");
            text.Append(rows < 0 ? " rows unknown (never analyzed)" : $" ~{Number((long)rows)} rows");
        }

        if (Text(reader, "comment") is { } comment)
        {
            text.Append(" — ").Append(OneLine(comment));
        }

        text.Append('\n');
        if (Text(reader, "partition_of") is { } partitionOf)
        {
            text.Append("partition of ").Append(partitionOf).Append(' ').Append(reader.GetString("partition_bound")).Append('\n');
        }

        if (Text(reader, "partition_key") is { } partitionKey)
        {
            text.Append("partitioned by ").Append(partitionKey).Append('\n');
        }

        if (Text(reader, "inherits") is { } inherits)
        {
            text.Append("inherits ").Append(inherits).Append('\n');
        }

        if (hasStorage)
        {
            long heap = reader.GetInt64("heap_bytes"), toast = reader.GetInt64("toast_bytes"), indexes = reader.GetInt64("index_bytes");
            text.Append("size ").Append(Sizes.Format(heap + toast + indexes))
                .Append(" = heap ").Append(Sizes.Format(heap))
                .Append(" + indexes ").Append(Sizes.Format(indexes));
            if (toast > 0)
            {
                text.Append(" + toast ").Append(Sizes.Format(toast));
            }

            text.Append(relation.Kind == 'p' ? " (all partitions)\n" : "\n");
        }

        if (relation.Kind is 'r' or 'p')
        {
            text.Append("rls ").Append(!reader.GetBoolean("relrowsecurity") ? "off" : reader.GetBoolean("relforcerowsecurity") ? "on, forced" : "on (not forced: the owner bypasses it)").Append('\n');
        }

        // a partitioned table keeps no statistics of its own in PostgreSQL 15: its partitions do
        if (!reader.IsDBNull("n_live_tup") && relation.Kind != 'p')
        {
            text.Append("scans seq ").Append(reader.GetInt64("seq_scan"))
                .Append(", index ").Append(reader.IsDBNull("idx_scan") ? 0 : reader.GetInt64("idx_scan"))
                .Append("; dead rows ").Append(reader.GetInt64("n_dead_tup")).Append('\n');
            text.Append("vacuum ").Append(When(reader, "last_vacuum")).Append(" (auto ").Append(When(reader, "last_autovacuum"))
                .Append("); analyze ").Append(When(reader, "last_analyze")).Append(" (auto ").Append(When(reader, "last_autoanalyze")).Append(")\n");
        }

        if (Text(reader, "view_definition") is { } definition)
        {
            definition = definition.Trim();
            var shown = definition.Length <= ViewDefinitionShown ? definition : definition[..ViewDefinitionShown] + " … (cut; pg_get_viewdef gives all)";
            text.Append("definition:\n  ").Append(shown.ReplaceLineEndings("\n  ")).Append('\n');
        }
    }

    private static async Task WriteColumnsAsync(NpgsqlDataReader reader, StringBuilder text, CancellationToken ct)
    {
        var section = new Section(text, "columns");
        while (await reader.ReadAsync(ct))
        {
            var line = section.Line().Append(reader.GetString("name")).Append(' ').Append(ShortType(reader.GetString("type")));
            if (Text(reader, "collation") is { } collation)
            {
                line.Append(" collate ").Append(collation);
            }

            if (reader.GetBoolean("attnotnull"))
            {
                line.Append(" not null");
            }

            var expression = Text(reader, "expression");
            switch (Text(reader, "attidentity"), Text(reader, "attgenerated"))
            {
                case ("a", _): line.Append(" identity always"); break;
                case ("d", _): line.Append(" identity by default"); break;
                case (_, "s"): line.Append(" generated always as (").Append(expression).Append(") stored"); break;
                default:
                    if (expression is not null)
                    {
                        line.Append(" default ").Append(expression);
                    }

                    break;
            }

            if (Text(reader, "comment") is { } comment)
            {
                line.Append(" -- ").Append(OneLine(comment));
            }

            line.Append('\n');
        }
    }

    private static async Task WriteConstraintsAsync(NpgsqlDataReader reader, StringBuilder text, CancellationToken ct)
    {
        var section = new Section(text, "constraints");
        while (await reader.ReadAsync(ct))
        {
            section.Line().Append(reader.GetString("name")).Append(' ').Append(reader.GetString("definition")).Append('\n');
        }
    }

    private static async Task WriteForeignKeysAsync(NpgsqlDataReader reader, StringBuilder text, CancellationToken ct)
    {
        var outgoing = new Section(text, "foreign keys (this table → other)");
        Section? incoming = null;
        while (await reader.ReadAsync(ct))
        {
            StringBuilder line;
            if (reader.GetString("direction") == "out")
            {
                line = outgoing.Line().Append(reader.GetString("name")).Append(": (").Append(reader.GetString("columns")).Append(") → ")
                    .Append(reader.GetString("referenced")).Append('(').Append(reader.GetString("referenced_columns")).Append(')');
            }
            else
            {
                incoming ??= new Section(text, "referenced by (other → this table; index on the other side)");
                line = incoming.Line().Append(reader.GetString("name")).Append(": ").Append(reader.GetString("referencing"))
                    .Append('(').Append(reader.GetString("columns")).Append(") → (").Append(reader.GetString("referenced_columns")).Append(')');
            }

            AppendAction(line, "on update", reader.GetString("confupdtype"));
            AppendAction(line, "on delete", reader.GetString("confdeltype"));
            line.Append(reader.GetString("confmatchtype") switch { "f" => " match full", "p" => " match partial", _ => "" });
            if (reader.GetBoolean("condeferrable"))
            {
                line.Append(reader.GetBoolean("condeferred") ? " deferrable initially deferred" : " deferrable");
            }

            if (!reader.GetBoolean("convalidated"))
            {
                line.Append(" NOT VALID");
            }

            line.Append(reader.GetBoolean("indexed") ? "; indexed\n" : "; UNINDEXED\n");
        }
    }

    private static void AppendAction(StringBuilder line, string when, string action)
    {
        var what = action switch { "r" => "restrict", "c" => "cascade", "n" => "set null", "d" => "set default", _ => null };
        if (what is not null)
        {
            line.Append(' ').Append(when).Append(' ').Append(what);
        }
    }

    private static async Task WriteIndexesAsync(NpgsqlDataReader reader, StringBuilder text, CancellationToken ct)
    {
        var section = new Section(text, "indexes");
        while (await reader.ReadAsync(ct))
        {
            var line = section.Line().Append(reader.GetString("name")).Append(": ").Append(reader.GetString("definition"));
            if (Text(reader, "role") is { } role)
            {
                line.Append(' ').Append(role);
            }

            line.Append(", ").Append(Sizes.Format(reader.GetInt64("bytes")));
            if (!reader.IsDBNull("idx_scan"))
            {
                line.Append(", ").Append(reader.GetInt64("idx_scan")).Append(" scans");
            }

            if (!reader.GetBoolean("indisvalid"))
            {
                line.Append(", INVALID (a failed or running CREATE INDEX CONCURRENTLY; not used by queries)");
            }

            if (!reader.GetBoolean("indisready"))
            {
                line.Append(", NOT READY (not yet maintained on writes)");
            }

            if (!reader.GetBoolean("indislive"))
            {
                line.Append(", being dropped");
            }

            if (reader.GetBoolean("indisclustered"))
            {
                line.Append(", clustered");
            }

            if (reader.GetBoolean("indisreplident"))
            {
                line.Append(", replica identity");
            }

            line.Append('\n');
        }
    }

    private static async Task WriteTriggersAsync(NpgsqlDataReader reader, StringBuilder text, CancellationToken ct)
    {
        var section = new Section(text, "triggers");
        while (await reader.ReadAsync(ct))
        {
            section.Line().Append(reader.GetString("name")).Append(": ").Append(reader.GetString("definition"))
                .Append(reader.GetString("tgenabled") switch
                {
                    "D" => " (disabled)",
                    "R" => " (fires on replicas only)",
                    "A" => " (fires always, replicas too)",
                    _ => "",
                })
                .Append('\n');
        }
    }

    private static async Task WritePoliciesAsync(NpgsqlDataReader reader, StringBuilder text, CancellationToken ct)
    {
        var section = new Section(text, "policies");
        while (await reader.ReadAsync(ct))
        {
            var line = section.Line().Append(reader.GetString("name")).Append(": ");
            if (!reader.GetBoolean("polpermissive"))
            {
                line.Append("restrictive ");
            }

            line.Append(reader.GetString("command"));
            if (reader.GetString("roles") != "public")
            {
                line.Append(" to ").Append(reader.GetString("roles"));
            }

            if (Text(reader, "using_expression") is { } usingExpression)
            {
                line.Append(" using ").Append(usingExpression);
            }

            if (Text(reader, "check_expression") is { } checkExpression)
            {
                line.Append(" with check ").Append(checkExpression);
            }

            line.Append('\n');
        }
    }

    private static async Task WriteChildrenAsync(NpgsqlDataReader reader, ResolvedRelation relation, StringBuilder text, CancellationToken ct)
    {
        long total = 0;
        StringBuilder? section = null;
        while (await reader.ReadAsync(ct))
        {
            total = reader.GetInt64("total");
            section ??= text.Append(relation.Kind == 'p' ? "partitions (" : "children (").Append(total).Append("):\n");
            text.Append("  ").Append(reader.GetString("name"));
            if (Text(reader, "bound") is { } bound)
            {
                text.Append(' ').Append(bound);
            }

            if (reader.GetBoolean("partitioned"))
            {
                text.Append(" (partitioned further)\n");
                continue;
            }

            var rows = reader.GetDouble("reltuples");
            text.Append(rows < 0 ? ", rows unknown" : $", ~{Number((long)rows)} rows").Append(", ").Append(Sizes.Format(reader.GetInt64("bytes"))).Append('\n');
        }

        if (total > ChildrenShown)
        {
            text.Append("  … ").Append(total - ChildrenShown).Append(" more; list_objects with include_partitions lists them all\n");
        }
    }

    private static string KindName(char kind, string persistence) =>
        (persistence switch { "u" => "unlogged ", "t" => "temporary ", _ => "" }) + kind switch
        {
            'p' => "partitioned table",
            'v' => "view",
            'm' => "materialized view",
            'f' => "foreign table",
            _ => "table",
        };

    private static readonly (string Long, string Short)[] ShortTypeNames =
    [
        ("timestamp with time zone", "timestamptz"), ("timestamp without time zone", "timestamp"),
        ("time with time zone", "timetz"), ("time without time zone", "time"),
        ("character varying", "varchar"), ("character", "char"),
    ];

    /// <summary>The short spellings PostgreSQL also accepts, so a column line stays a valid column definition.</summary>
    private static string ShortType(string type)
    {
        foreach (var (longName, shortName) in ShortTypeNames)
        {
            if (type.StartsWith(longName, StringComparison.Ordinal) && (type.Length == longName.Length || type[longName.Length] is '(' or '['))
            {
                return shortName + type[longName.Length..];
            }
        }

        return type;
    }

    private static string? Text(NpgsqlDataReader reader, string column) =>
        reader.IsDBNull(column) || reader.GetString(column) is not { Length: > 0 } value ? null : value;

    private static string When(NpgsqlDataReader reader, string column) =>
        reader.IsDBNull(column)
            ? "never"
            : reader.GetDateTime(column).ToUniversalTime().ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string OneLine(string value) => value.ReplaceLineEndings(" ");

    /// <summary>A section header written only when its first line is: empty sections take no room.</summary>
    private sealed class Section(StringBuilder text, string title)
    {
        private bool _started;

        public StringBuilder Line()
        {
            if (!_started)
            {
                text.Append(title).Append(":\n");
                _started = true;
            }

            return text.Append("  ");
        }
    }
}
