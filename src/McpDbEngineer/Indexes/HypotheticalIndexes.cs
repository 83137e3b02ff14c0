using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using McpDbEngineer.Database;
using McpDbEngineer.Plans;
using McpDbEngineer.Sql;
using McpDbEngineer.Sql.Parsing;
using Npgsql;

namespace McpDbEngineer.Indexes;

/// <summary>One index (or a set of them) tried with hypopg: the plan's total cost with it and how the planner used it.</summary>
/// <param name="IndexName">The name hypopg gave the index, without its changing OID prefix; null for a set.</param>
/// <param name="Use">"used by Index Scan", "not used", "uses a, b".</param>
public sealed record IndexTrial(string Statement, string? IndexName, double Cost, string Use);

/// <summary>The trials of one call and the plan of the last one (with every index of the call when there were several).</summary>
public sealed record TrialResult(IReadOnlyList<IndexTrial> Trials, ExplainPlan FinalPlan);

/// <summary>
/// Index trials with hypopg: indexes that exist only for this session's planner, so a plan can be compared
/// before and after without building anything. hypopg keeps them in the backend's memory, outside any
/// transaction, so every trial ends with hypopg_reset() — a pooled connection must not carry them to the next caller.
/// </summary>
public static partial class HypotheticalIndexes
{
    private const string SavepointName = "hypothetical_indexes";

    /// <summary>The access methods hypopg 1.x can simulate; the others (GIN, GiST, SP-GiST, HNSW, IVFFlat) it refuses.</summary>
    public static readonly IReadOnlySet<string> SimulatedAccessMethods = new HashSet<string>(StringComparer.Ordinal) { "btree", "brin", "hash", "bloom" };

    /// <summary>
    /// Checks with PostgreSQL's parser that <paramref name="statement"/> is exactly one CREATE INDEX statement of an
    /// access method hypopg simulates, and returns that statement's text (hypopg takes it as is, so nothing else may ride along).
    /// </summary>
    public static string ValidateHypotheticalIndex(string statement)
    {
        var script = SqlClassifier.Classify(statement);
        if (script.Error is null && script.Statements is [{ Command: "CREATE INDEX" } index])
        {
            var method = AccessMethod(index.Text);
            if (!SimulatedAccessMethods.Contains(method))
            {
                var instead = method is "hnsw" or "ivfflat"
                    ? "for a vector index use recommend_vector_index (it decides HNSW or IVFFlat and measures recall on a copy)"
                    : "build it for real on a copy of the table (a sandbox or staging database) and compare the plans there";
                throw new ToolException(
                    $"hypopg cannot simulate {method} indexes: it simulates {string.Join(", ", SimulatedAccessMethods)} only. For \"{Shown(index.Text)}\" {instead}.");
            }

            return index.Text;
        }

        throw new ToolException(
            $"Each hypothetical index must be a single CREATE INDEX statement, e.g. CREATE INDEX ON orders (customer_id); got: {Shown(statement.Trim())}" +
            (script.Error is { } error ? $" ({error.Message})" : ""));
    }

    private static string Shown(string text) => text.Length > 80 ? text[..80] + "…" : text;

    private static string AccessMethod(string createIndex)
    {
        using var parsed = PgQuery.Parse(createIndex);
        var statement = parsed.Tree!.RootElement.GetProperty("stmts")[0].GetProperty("stmt").GetProperty("IndexStmt");
        return statement.TryGetProperty("accessMethod", out var method) && method.ValueKind == JsonValueKind.String
            ? method.GetString()!.ToLowerInvariant()
            : "btree";
    }

    /// <summary>
    /// hypopg names an index "&lt;OID&gt;btree_table_column", the OID changing with every creation: without it the
    /// same index has the same name in every trial and every call.
    /// </summary>
    public static string StableNames(string text) => OidPrefix().Replace(text, "");

    /// <summary>Whether hypopg is created in the connection's database.</summary>
    public static async Task<bool> AvailableAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(EmbeddedFiles.Get("Indexes/Sql/hypopg_functions.sql"), connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken);
    }

    /// <summary>
    /// Plans the query again (<paramref name="plan"/>) with each index alone and, when <paramref name="together"/> and
    /// there are several, with all of them. A statement hypopg rejects is a <see cref="ToolException"/> naming it;
    /// the session is left without hypothetical indexes either way.
    /// </summary>
    public static async Task<TrialResult> TryAsync(
        NpgsqlConnection connection, IReadOnlyList<string> statements, bool together,
        Func<Task<ExplainPlan>> plan, CancellationToken cancellationToken)
    {
        var session = await HypotheticalSession.OpenAsync(connection, cancellationToken) ?? throw await NotInstalledAsync(connection, cancellationToken);
        var trials = new List<IndexTrial>();
        ExplainPlan? final = null;
        string? current = null;
        await connection.ExecuteAsync($"SAVEPOINT {SavepointName}", cancellationToken);
        try
        {
            foreach (var statement in statements)
            {
                current = statement;
                var index = await session.CreateAsync(statement, cancellationToken);
                final = await plan();
                trials.Add(new IndexTrial(statement, StableNames(index.Name), final.TotalCost, UsedBy(final, index.Name) is { } node ? "used by " + node.Label : "not used"));
                await session.DropAsync(index, cancellationToken);
            }

            if (together && statements.Count > 1)
            {
                var names = new List<string>();
                foreach (var statement in statements)
                {
                    current = statement;
                    names.Add((await session.CreateAsync(statement, cancellationToken)).Name);
                }

                final = await plan();
                var used = names.Where(n => UsedBy(final, n) is not null).Select(StableNames).ToList();
                trials.Add(new IndexTrial($"all {statements.Count} together", null, final.TotalCost, used.Count > 0 ? "uses " + string.Join(", ", used) : "none used"));
            }

            await session.ResetAsync(cancellationToken);
        }
        catch (Exception e) when (e is not ToolException)
        {
            await RestoreAsync(connection, session);
            if (e is PostgresException pg)
            {
                throw new ToolException(
                    $"hypopg could not use \"{current}\": {Regex.Replace(pg.MessageText, "^hypopg: ", "")}. Check the table and column names (describe_table) and call again.", e);
            }

            throw;
        }

        return new TrialResult(trials, final!);
    }

    /// <summary>The node of <paramref name="plan"/> that reads the index hypopg named <paramref name="indexName"/>, or null.</summary>
    public static PlanNode? UsedBy(ExplainPlan plan, string indexName) =>
        plan.Root.DescendantsAndSelf().FirstOrDefault(n => n.IndexName == indexName);

    /// <summary>After a failure: back to the savepoint so the transaction works again, then drop whatever was created.</summary>
    private static async Task RestoreAsync(NpgsqlConnection connection, HypotheticalSession session)
    {
        // Npgsql closes the connection after some errors (hypopg reports bad statements as internal errors, XX000):
        // the session ends, and its hypothetical indexes with it.
        if (connection.State != System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            await connection.ExecuteAsync($"ROLLBACK TO SAVEPOINT {SavepointName}", CancellationToken.None);
            await session.ResetAsync(CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // The connection is broken: PostgreSQL ends the session, and its hypothetical indexes with it.
        }
    }

    /// <summary>How to get hypopg into this database, and what works without it.</summary>
    public static async Task<string> InstallAdviceAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var availability = new NpgsqlCommand(EmbeddedFiles.Get("Indexes/Sql/hypopg_availability.sql"), connection);
        await using var facts = await availability.ExecuteReaderAsync(cancellationToken);
        await facts.ReadAsync(cancellationToken);
        var major = facts.GetInt32(1).ToString(CultureInfo.InvariantCulture);
        return facts.GetBoolean(0)
            ? "hypopg is installed on the server but not in this database: run CREATE EXTENSION hypopg; (as a user allowed to create extensions)"
            : $"hypopg is not installed on the database server: install it (Debian/Ubuntu: apt install postgresql-{major}-hypopg; other systems: https://github.com/HypoPG/hypopg), then run CREATE EXTENSION hypopg;";
    }

    private static async Task<ToolException> NotInstalledAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        new($"hypothetical_indexes needs the hypopg extension. {await InstallAdviceAsync(connection, cancellationToken)} and call again. " +
            "Without it, explain without hypothetical_indexes, compare plans with planner_settings (enable_seqscan=off), or build the index on a copy.");


    [GeneratedRegex("<[0-9]+>(?=[a-z])")]
    private static partial Regex OidPrefix();
}
