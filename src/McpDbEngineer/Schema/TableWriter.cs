using System.Text;
using McpDbEngineer.Answers;
using McpDbEngineer.Catalog;

namespace McpDbEngineer.Schema;

/// <summary>
/// Writes a <see cref="TableSnapshot"/> as describe_table's answer. Sections that would be empty are left out, and so
/// are facts that hold for almost every table (NO ACTION, MATCH SIMPLE, valid indexes, enabled triggers).
/// </summary>
public static class TableWriter
{
    /// <summary>View definitions longer than this are cut (with a note): a big view should not crowd out the rest.</summary>
    private const int ViewDefinitionShown = 2000;

    public static string Write(TableSnapshot table)
    {
        var text = new StringBuilder();
        WriteHeader(table, text);
        WriteColumns(table.Columns, text);
        var constraints = new Section(text, "constraints");
        foreach (var constraint in table.Constraints)
        {
            constraints.Line().Append(constraint.Name).Append(' ').Append(constraint.Definition).Append('\n');
        }

        WriteForeignKeys(table.ForeignKeys, text);
        WriteIndexes(table.Indexes, text);
        WriteTriggers(table.Triggers, text);
        WritePolicies(table.Policies, text);
        WriteChildren(table, text);
        return text.ToString();
    }

    private static void WriteHeader(TableSnapshot table, StringBuilder text)
    {
        var (relation, facts) = (table.Relation, table.Facts);
        text.Append(relation.Display).Append(" (").Append(KindName(relation.Kind, facts.Persistence)).Append(')');
        if (table.HasStorage)
        {
            text.Append(facts.Rows < 0 ? " rows unknown (never analyzed)" : $" ~{Units.Count((long)facts.Rows)} rows");
        }

        if (facts.Comment is { } comment)
        {
            text.Append(" — ").Append(ShortText.OneLine(comment));
        }

        text.Append('\n');
        if (facts.PartitionOf is { } partitionOf)
        {
            text.Append("partition of ").Append(partitionOf).Append(' ').Append(facts.PartitionBound).Append('\n');
        }

        if (facts.PartitionKey is { } partitionKey)
        {
            text.Append("partitioned by ").Append(partitionKey).Append('\n');
        }

        if (facts.Inherits is { } inherits)
        {
            text.Append("inherits ").Append(inherits).Append('\n');
        }

        if (table.HasStorage)
        {
            text.Append("size ").Append(Units.Bytes(facts.HeapBytes + facts.ToastBytes + facts.IndexBytes))
                .Append(" = heap ").Append(Units.Bytes(facts.HeapBytes))
                .Append(" + indexes ").Append(Units.Bytes(facts.IndexBytes));
            if (facts.ToastBytes > 0)
            {
                text.Append(" + toast ").Append(Units.Bytes(facts.ToastBytes));
            }

            text.Append(relation.Kind == 'p' ? " (all partitions)\n" : "\n");
        }

        if (relation.Kind is 'r' or 'p')
        {
            text.Append("rls ").Append(!facts.RowSecurity ? "off" : facts.ForceRowSecurity ? "on, forced" : "on (not forced: the owner bypasses it)").Append('\n');
        }

        // a partitioned table keeps no statistics of its own in PostgreSQL 15: its partitions do
        if (facts.Activity is { } activity && relation.Kind != 'p')
        {
            text.Append("scans seq ").Append(activity.SeqScans).Append(", index ").Append(activity.IndexScans)
                .Append("; dead rows ").Append(activity.DeadRows).Append('\n');
            text.Append("vacuum ").Append(When(activity.LastVacuum)).Append(" (auto ").Append(When(activity.LastAutovacuum))
                .Append("); analyze ").Append(When(activity.LastAnalyze)).Append(" (auto ").Append(When(activity.LastAutoanalyze)).Append(")\n");
        }

        if (facts.ViewDefinition is { } definition)
        {
            definition = definition.Trim();
            var shown = definition.Length <= ViewDefinitionShown ? definition : definition[..ViewDefinitionShown] + " … (cut; pg_get_viewdef gives all)";
            text.Append("definition:\n  ").Append(shown.ReplaceLineEndings("\n  ")).Append('\n');
        }
    }

    private static void WriteColumns(IReadOnlyList<ColumnFacts> columns, StringBuilder text)
    {
        var section = new Section(text, "columns");
        foreach (var column in columns)
        {
            var line = section.Line().Append(column.Name).Append(' ').Append(ShortType(column.Type));
            if (column.Collation is { } collation)
            {
                line.Append(" collate ").Append(collation);
            }

            if (column.NotNull)
            {
                line.Append(" not null");
            }

            switch (column.Identity, column.Generated)
            {
                case ('a', _): line.Append(" identity always"); break;
                case ('d', _): line.Append(" identity by default"); break;
                case (_, 's'): line.Append(" generated always as (").Append(column.Expression).Append(") stored"); break;
                default:
                    if (column.Expression is not null)
                    {
                        line.Append(" default ").Append(column.Expression);
                    }

                    break;
            }

            if (column.Comment is { } comment)
            {
                line.Append(" -- ").Append(ShortText.OneLine(comment));
            }

            line.Append('\n');
        }
    }

    private static void WriteForeignKeys(IReadOnlyList<ForeignKeyFacts> foreignKeys, StringBuilder text)
    {
        var outgoing = new Section(text, "foreign keys (this table → other)");
        Section? incoming = null;
        foreach (var key in foreignKeys)
        {
            StringBuilder line;
            if (key.Outgoing)
            {
                line = outgoing.Line().Append(key.Name).Append(": (").Append(key.Columns).Append(") → ")
                    .Append(key.Referenced).Append('(').Append(key.ReferencedColumns).Append(')');
            }
            else
            {
                incoming ??= new Section(text, "referenced by (other → this table; index on the other side)");
                line = incoming.Line().Append(key.Name).Append(": ").Append(key.Referencing)
                    .Append('(').Append(key.Columns).Append(") → (").Append(key.ReferencedColumns).Append(')');
            }

            AppendAction(line, "on update", key.OnUpdate);
            AppendAction(line, "on delete", key.OnDelete);
            line.Append(key.Match switch { 'f' => " match full", 'p' => " match partial", _ => "" });
            if (key.Deferrable)
            {
                line.Append(key.Deferred ? " deferrable initially deferred" : " deferrable");
            }

            if (!key.Validated)
            {
                line.Append(" NOT VALID");
            }

            line.Append(key.IsIndexed ? "; indexed\n" : "; UNINDEXED\n");
        }
    }

    private static void AppendAction(StringBuilder line, string when, char action)
    {
        var what = action switch { 'r' => "restrict", 'c' => "cascade", 'n' => "set null", 'd' => "set default", _ => null };
        if (what is not null)
        {
            line.Append(' ').Append(when).Append(' ').Append(what);
        }
    }

    private static void WriteIndexes(IReadOnlyList<IndexFacts> indexes, StringBuilder text)
    {
        var section = new Section(text, "indexes");
        foreach (var index in indexes)
        {
            var line = section.Line().Append(index.Name).Append(": ").Append(index.Definition);
            if (index.Role is { } role)
            {
                line.Append(' ').Append(role);
            }

            line.Append(", ").Append(Units.Bytes(index.Bytes));
            if (index.Scans is { } scans)
            {
                line.Append(", ").Append(scans).Append(" scans");
            }

            if (!index.Valid)
            {
                line.Append(", INVALID (a failed or running CREATE INDEX CONCURRENTLY; not used by queries)");
            }

            if (!index.Ready)
            {
                line.Append(", NOT READY (not yet maintained on writes)");
            }

            if (!index.Live)
            {
                line.Append(", being dropped");
            }

            if (index.Clustered)
            {
                line.Append(", clustered");
            }

            if (index.ReplicaIdentity)
            {
                line.Append(", replica identity");
            }

            line.Append('\n');
        }
    }

    private static void WriteTriggers(IReadOnlyList<TriggerFacts> triggers, StringBuilder text)
    {
        var section = new Section(text, "triggers");
        foreach (var trigger in triggers)
        {
            section.Line().Append(trigger.Name).Append(": ").Append(trigger.Definition)
                .Append(trigger.Enabled switch
                {
                    'D' => " (disabled)",
                    'R' => " (fires on replicas only)",
                    'A' => " (fires always, replicas too)",
                    _ => "",
                })
                .Append('\n');
        }
    }

    private static void WritePolicies(IReadOnlyList<PolicyFacts> policies, StringBuilder text)
    {
        var section = new Section(text, "policies");
        foreach (var policy in policies)
        {
            var line = section.Line().Append(policy.Name).Append(": ");
            if (!policy.Permissive)
            {
                line.Append("restrictive ");
            }

            line.Append(policy.Command);
            if (policy.Roles != "public")
            {
                line.Append(" to ").Append(policy.Roles);
            }

            if (policy.Using is { } usingExpression)
            {
                line.Append(" using ").Append(usingExpression);
            }

            if (policy.Check is { } checkExpression)
            {
                line.Append(" with check ").Append(checkExpression);
            }

            line.Append('\n');
        }
    }

    private static void WriteChildren(TableSnapshot table, StringBuilder text)
    {
        if (table.Children.Count == 0)
        {
            return;
        }

        text.Append(table.Relation.Kind == 'p' ? "partitions (" : "children (").Append(table.ChildrenTotal).Append("):\n");
        foreach (var child in table.Children)
        {
            text.Append("  ").Append(child.Name);
            if (child.Bound is { } bound)
            {
                text.Append(' ').Append(bound);
            }

            if (child.Partitioned)
            {
                text.Append(" (partitioned further)\n");
                continue;
            }

            text.Append(child.Rows < 0 ? ", rows unknown" : $", ~{Units.Count((long)child.Rows)} rows").Append(", ").Append(Units.Bytes(child.Bytes)).Append('\n');
        }

        if (table.ChildrenTotal > table.Children.Count)
        {
            text.Append("  … ").Append(table.ChildrenTotal - table.Children.Count).Append(" more; list_objects with include_partitions lists them all\n");
        }
    }

    private static string KindName(char kind, char persistence) =>
        (persistence switch { 'u' => "unlogged ", 't' => "temporary ", _ => "" }) + kind switch
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

    private static string When(DateTime? at) => at is { } value ? Units.Timestamp(value) : "never";
}
