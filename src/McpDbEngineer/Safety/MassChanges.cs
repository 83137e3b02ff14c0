using System.Globalization;
using McpDbEngineer.Database;
using McpDbEngineer.Explain;
using Npgsql;

namespace McpDbEngineer.Safety;

/// <summary>
/// Writes that change most of a table although they have a WHERE (`DELETE FROM orders WHERE id > 0`): the parser
/// cannot tell them from a careful delete, the planner can. Such a write needs a human's yes, like one without WHERE.
/// </summary>
public static class MassChanges
{
    /// <summary>The share of a table's rows from which a write counts as destroying the table's data.</summary>
    private const double Share = 0.5;

    /// <summary>Below this many rows the planner's estimates are too rough to judge by.</summary>
    private const double MinimumTableRows = 10;

    /// <summary>
    /// The statements among <paramref name="statements"/> that the planner expects to change at least half of their
    /// table, marked destructive with what they destroy. Plans only: nothing is executed.
    /// </summary>
    public static async Task<IReadOnlyList<StatementVerdict>> FindAsync(
        NpgsqlConnection connection, IReadOnlyList<StatementVerdict> statements, IReadOnlyList<string?> parameters, CancellationToken cancellationToken)
    {
        var found = new List<StatementVerdict>();
        foreach (var statement in statements)
        {
            if (statement.Destructive || statement.Command is not ("DELETE" or "UPDATE" or "MERGE"))
            {
                continue;
            }

            if (await EstimateAsync(connection, statement.Text, parameters, cancellationToken) is { } change
                && change.TableRows >= MinimumTableRows && change.Rows >= Share * change.TableRows)
            {
                var what = string.Create(CultureInfo.InvariantCulture, $"about {change.Rows:0} of the {change.TableRows:0} rows of {change.Table}");
                found.Add(statement with
                {
                    Destructive = true,
                    Reasons = [.. statement.Reasons, $"the planner expects it to change {what}"],
                    DestroyedObjects = [what],
                });
            }
        }

        return found;
    }

    private sealed record Estimate(string Table, double Rows, double TableRows);

    private static async Task<Estimate?> EstimateAsync(NpgsqlConnection connection, string statement, IReadOnlyList<string?> parameters, CancellationToken cancellationToken)
    {
        string plan;
        await using (var explain = new NpgsqlCommand("EXPLAIN (FORMAT JSON, VERBOSE) " + statement, connection))
        {
            // With the values it will run with: `… WHERE id > $1` is judged by what $1 is.
            TextParameters.Bind(explain, parameters);
            plan = (string)(await explain.ExecuteScalarAsync(cancellationToken))!;
        }

        // The plan model explain_query reads; the ModifyTable node names the table, its input carries the row estimate.
        var modify = ExplainPlan.Parse(plan).Root.DescendantsAndSelf().FirstOrDefault(n => n.NodeType == "ModifyTable");
        if (modify is not { Schema: { } schema, Relation: { } table, Children: [var input, ..] })
        {
            return null;
        }

        await using var command = new NpgsqlCommand(
            "SELECT reltuples::float8 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2",
            connection)
        {
            Parameters = { new() { Value = schema }, new() { Value = table } },
        };
        return await command.ExecuteScalarAsync(cancellationToken) is double tableRows
            ? new Estimate(modify.QualifiedRelation!, input.PlanRows, tableRows)
            : null;
    }
}
