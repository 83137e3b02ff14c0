using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using McpDbEngineer.Answers;
using McpDbEngineer.Plans;
using McpDbEngineer.Sql;
using Npgsql;
using NpgsqlTypes;

namespace McpDbEngineer.Explain;

/// <summary>
/// Index trials with hypopg: indexes that exist only for this session's planner, so a plan can be compared
/// before and after without building anything. hypopg keeps them in the backend's memory, outside any
/// transaction, so every trial ends with hypopg_reset() — a pooled connection must not carry them to the next caller.
/// </summary>
public static class HypotheticalIndexes
{
    private const string SavepointName = "hypothetical_indexes";

    /// <summary>The hypopg calls, qualified with the schema the extension lives in (format('%I') on the server).</summary>
    private sealed record Functions(string Create, string Drop, string Reset);

    /// <param name="Use">How the planner used the index(es): "used by Bitmap Index Scan", "not used".</param>
    private sealed record Trial(string Statement, string? IndexName, double Cost, string Use);

    /// <summary>
    /// Checks with PostgreSQL's parser that <paramref name="statement"/> is exactly one CREATE INDEX statement, and
    /// returns that statement's text (hypopg takes it as is, so nothing else may ride along).
    /// </summary>
    public static string ValidateHypotheticalIndex(string statement)
    {
        var script = SqlClassifier.Classify(statement);
        if (script.Error is null && script.Statements is [{ Command: "CREATE INDEX" } index])
        {
            return index.Text;
        }

        var text = statement.Trim();
        var shown = text.Length > 80 ? text[..80] + "…" : text;
        throw new ToolException(
            $"Each hypothetical index must be a single CREATE INDEX statement, e.g. CREATE INDEX ON orders (customer_id); got: {shown}" +
            (script.Error is { } error ? $" ({error.Message})" : ""));
    }

    /// <summary>
    /// Plans the query again (<paramref name="plan"/>) with each index alone and, when there are several, with all
    /// of them, and writes cost before → after (<paramref name="baseline"/>) and whether the planner used each one.
    /// </summary>
    public static async Task WriteTrialAsync(
        NpgsqlConnection connection, ExplainPlan baseline, IReadOnlyList<string> statements,
        Func<Task<ExplainPlan>> plan, StringBuilder output, CancellationToken cancellationToken)
    {
        var functions = await FindAsync(connection, cancellationToken);
        var trials = new List<Trial>();
        ExplainPlan? final = null;
        string? current = null;
        await ExecuteAsync(connection, functions.Reset, cancellationToken); // leftovers of an interrupted trial in this pooled session
        await ExecuteAsync(connection, $"SAVEPOINT {SavepointName}", cancellationToken);
        try
        {
            foreach (var statement in statements)
            {
                current = statement;
                var (oid, name) = await CreateAsync(connection, functions, statement, cancellationToken);
                final = await plan();
                trials.Add(new Trial(statement, name, final.TotalCost, UsedBy(final, name) is { } node ? "used by " + node.Label : "not used"));
                await ExecuteAsync(connection, functions.Drop, cancellationToken, oid);
            }

            if (statements.Count > 1)
            {
                var names = new List<string>();
                foreach (var statement in statements)
                {
                    current = statement;
                    names.Add((await CreateAsync(connection, functions, statement, cancellationToken)).Name);
                }

                final = await plan();
                var used = names.Where(n => UsedBy(final, n) is not null).ToList();
                trials.Add(new Trial($"all {statements.Count} together", null, final.TotalCost, used.Count > 0 ? "uses " + string.Join(", ", used) : "none used"));
            }

            await ExecuteAsync(connection, functions.Reset, cancellationToken);
        }
        catch (Exception e) when (e is not ToolException)
        {
            await RestoreAsync(connection, functions);
            if (e is PostgresException pg)
            {
                throw new ToolException(
                    $"hypopg could not use \"{current}\": {Regex.Replace(pg.MessageText, "^hypopg: ", "")}. Check the table and column names (describe_table) and call again.", e);
            }

            throw;
        }

        output.Append("hypothetical indexes (planner only, nothing built; total cost before→after):\n");
        foreach (var trial in trials)
        {
            output.Append(trial.Statement);
            if (trial.IndexName is { } name)
            {
                output.Append(" as ").Append(name);
            }

            output.Append(": ").Append(Units.Cost(baseline.TotalCost)).Append('→').Append(Units.Cost(trial.Cost))
                .Append(" (").Append(Change(baseline.TotalCost, trial.Cost)).Append("), ").Append(trial.Use).Append('\n');
        }

        PlanTreeWriter.WriteTree(final!, output, statements.Count > 1 ? "plan with all hypothetical indexes" : "plan with the hypothetical index");
    }

    private static PlanNode? UsedBy(ExplainPlan plan, string indexName) =>
        plan.Root.DescendantsAndSelf().FirstOrDefault(n => n.IndexName == indexName);

    private static string Change(double before, double after)
    {
        var change = before == 0 ? 0 : (after - before) / before;
        return (change > 0 ? "+" : change < 0 ? "-" : "") + Units.Percent(Math.Abs(change));
    }

    private static async Task<(uint Oid, string Name)> CreateAsync(NpgsqlConnection connection, Functions functions, string statement, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(functions.Create, connection) { Parameters = { new() { Value = statement, NpgsqlDbType = NpgsqlDbType.Text } } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetFieldValue<uint>(0), reader.GetString(1));
    }

    /// <summary>After a failure: back to the savepoint so the transaction works again, then drop whatever was created.</summary>
    private static async Task RestoreAsync(NpgsqlConnection connection, Functions functions)
    {
        // Npgsql closes the connection after some errors (hypopg reports bad statements as internal errors, XX000):
        // the session ends, and its hypothetical indexes with it.
        if (connection.State != System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            await ExecuteAsync(connection, $"ROLLBACK TO SAVEPOINT {SavepointName}", CancellationToken.None);
            await ExecuteAsync(connection, functions.Reset, CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // The connection is broken: PostgreSQL ends the session, and its hypothetical indexes with it.
        }
    }

    private static async Task<Functions> FindAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using (var command = new NpgsqlCommand(FindFunctionsSql, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                return new Functions(reader.GetString(0), reader.GetString(1), reader.GetString(2));
            }
        }

        await using var availability = new NpgsqlCommand(AvailabilitySql, connection);
        await using var facts = await availability.ExecuteReaderAsync(cancellationToken);
        await facts.ReadAsync(cancellationToken);
        var major = facts.GetInt32(1).ToString(CultureInfo.InvariantCulture);
        throw new ToolException(facts.GetBoolean(0)
            ? "hypothetical_indexes needs the hypopg extension, which is installed on the server but not in this database: " +
              "run CREATE EXTENSION hypopg; (as a user allowed to create extensions), then call again. Without it, explain without hypothetical_indexes."
            : "hypothetical_indexes needs the hypopg extension, which is not installed on the database server: install it " +
              $"(Debian/Ubuntu: apt install postgresql-{major}-hypopg; other systems: https://github.com/HypoPG/hypopg), " +
              "then run CREATE EXTENSION hypopg; and call again. Without it, explain without hypothetical_indexes.");
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, uint? oid = null)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (oid is { } value)
        {
            command.Parameters.Add(new() { Value = value, NpgsqlDbType = NpgsqlDbType.Oid });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private const string FindFunctionsSql = """
        SELECT format('SELECT indexrelid, indexname FROM %I.hypopg_create_index($1)', n.nspname),
               format('SELECT %I.hypopg_drop_index($1)', n.nspname),
               format('SELECT %I.hypopg_reset()', n.nspname)
        FROM pg_extension e
        JOIN pg_namespace n ON n.oid = e.extnamespace
        WHERE e.extname = 'hypopg'
        """;

    private const string AvailabilitySql = """
        SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'hypopg'),
               current_setting('server_version_num')::int / 10000
        """;
}
