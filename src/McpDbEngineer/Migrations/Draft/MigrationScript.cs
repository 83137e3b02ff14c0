using System.Text;

namespace McpDbEngineer.Migrations.Draft;

/// <summary>The up and down scripts as SQL text: statements ending in ';', those that must run outside a transaction marked, and the down's gaps said in comments.</summary>
internal static class MigrationScript
{
    public const string OutsideTransactionMark = "-- outside a transaction: PostgreSQL refuses this statement inside BEGIN … COMMIT";

    public static string Text(IEnumerable<DraftStatement> statements)
    {
        var text = new StringBuilder();
        foreach (var statement in statements)
        {
            if (statement.OutsideTransaction)
            {
                text.Append(OutsideTransactionMark).Append('\n');
            }

            text.Append(statement.Sql);
            text.Append(statement.Sql.StartsWith("--", StringComparison.Ordinal) ? "\n" : ";\n");
        }

        return text.ToString();
    }

    /// <summary>The down's statements in order, with a comment where a step lost data or could not be reversed.</summary>
    public static IReadOnlyList<DraftStatement> Down(IEnumerable<DownStep> steps)
    {
        var statements = new List<DraftStatement>();
        foreach (var step in steps)
        {
            switch (step.Reversal)
            {
                case Reversal.DataLost:
                    statements.Add(new($"-- irreversible: data. Up statement {step.UpNumber} ({step.UpCommand}) destroyed {step.Note}", FromUp: step.UpNumber));
                    break;
                case Reversal.Impossible:
                    statements.Add(new($"-- NOT REVERSED: up statement {step.UpNumber} ({step.UpCommand}): {step.Note}", FromUp: step.UpNumber));
                    break;
            }

            statements.AddRange(step.Statements.Select(sql =>
                new DraftStatement(sql, sql.StartsWith("DROP INDEX CONCURRENTLY", StringComparison.Ordinal), step.UpNumber)));
        }

        return statements;
    }
}
