using McpDbEngineer.Safety;
using McpDbEngineer.Sql;
using McpDbEngineer.Tests.Infrastructure;
using McpDbEngineer.Tests.Sql;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Npgsql;

namespace McpDbEngineer.Tests.Safety.Guard;

/// <summary>
/// The sample database with what the attacks need, a bystander session that must survive them, and two real
/// server processes over stdio: the default read-only one, and a read-write one whose client cannot ask a human.
/// </summary>
public sealed class AttackTarget : SampleDatabaseFixture, IAsyncLifetime
{
    private NpgsqlConnection? _bystander;
    private McpClient? _readOnly;
    private McpClient? _readWrite;

    /// <summary>Prefix of files the database server must never write.</summary>
    public string Marker { get; } = Path.Combine(Path.GetTempPath(), $"mcpdb-attack-{Guid.NewGuid():N}");

    public NpgsqlConnection Bystander => _bystander!;

    public McpClient ReadOnly => _readOnly!;

    public McpClient ReadWrite => _readWrite!;

    public IReadOnlyList<Attack> Attacks { get; private set; } = [];

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        await ExecuteAsync(AttackCorpus.Setup);
        _bystander = new NpgsqlConnection(ConnectionString);
        await _bystander.OpenAsync();
        Attacks = [.. AttackCorpus.FromClassifierCorpus(), .. AttackCorpus.Crafted(_bystander.ProcessID, Marker)];
        // The audit goes to a file in both modes: an audit table would be a change of the database under test.
        _readOnly = await ServerProcess.StartStdioAsync(ConnectionString, "--audit", "file", "--audit-file", Marker + "-ro.jsonl");
        _readWrite = await ServerProcess.StartStdioAsync(
            ConnectionString, "--access", "read-write", "--audit", "file", "--audit-file", Marker + "-rw.jsonl");
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_readOnly is not null)
        {
            await _readOnly.DisposeAsync();
        }

        if (_readWrite is not null)
        {
            await _readWrite.DisposeAsync();
        }

        if (_bystander is not null)
        {
            await _bystander.DisposeAsync();
        }

        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(Marker)!, Path.GetFileName(Marker) + "*"))
        {
            File.Delete(file);
        }
    }
}

/// <summary>
/// The promise, tested against the real database through the real server: no statement of the attack corpus runs,
/// each refusal names the rule that refused it, and afterwards the database is exactly what it was — same rows,
/// sequences, catalog, sessions and files. Legitimate reads, meanwhile, are never refused.
/// </summary>
public sealed class AttackCorpusTests(AttackTarget target) : IClassFixture<AttackTarget>
{
    [Fact]
    public async Task ExecuteSql_ReadOnly_RefusesEveryAttackByARuleAndChangesNothing()
    {
        var before = await DatabaseFingerprint.TakeAsync(target.ConnectionString);
        var failures = new List<string>();

        foreach (var attack in target.Attacks)
        {
            await ExpectRefusalAsync(target.ReadOnly, "execute_sql", new() { ["sql"] = attack.Sql }, attack.Sql, attack.Rule, failures);
        }

        await CheckNothingChangedAsync(before, failures);
        Assert.True(failures.Count == 0, $"{failures.Count} problems:\n{string.Join("\n", failures)}");
    }

    [Fact]
    public async Task ExecuteSql_ReadWriteWithoutElicitation_RefusesEveryDestructiveOrForbiddenStatementAndChangesNothing()
    {
        var before = await DatabaseFingerprint.TakeAsync(target.ConnectionString);
        var failures = new List<string>();

        foreach (var attack in target.Attacks.Where(a => !a.AllowedInReadWrite))
        {
            await ExpectRefusalAsync(target.ReadWrite, "execute_sql", new() { ["sql"] = attack.Sql }, attack.Sql, rule: null, failures);
        }

        await CheckNothingChangedAsync(before, failures);
        Assert.True(failures.Count == 0, $"{failures.Count} problems:\n{string.Join("\n", failures)}");
    }

    [Fact]
    public async Task ExplainQueryWithAnalyze_ReadOnly_RefusesEveryAttackByARuleAndChangesNothing()
    {
        var before = await DatabaseFingerprint.TakeAsync(target.ConnectionString);
        var failures = new List<string>();

        foreach (var attack in target.Attacks)
        {
            var arguments = new Dictionary<string, object?> { ["sql"] = attack.Sql, ["analyze"] = true };
            await ExpectRefusalAsync(target.ReadOnly, "explain_query", arguments, attack.Sql, rule: null, failures);
        }

        await CheckNothingChangedAsync(before, failures);
        Assert.True(failures.Count == 0, $"{failures.Count} problems:\n{string.Join("\n", failures)}");
    }

    [Fact]
    public async Task ExecuteSql_ReadOnly_RunsEveryLegitimateReadOfTheCorpus()
    {
        var reads = ClassifierCorpus.Cases
            .Where(c => c.Class == StatementClass.Read && c.Denied is null)
            .Select(c => c.Sql)
            .Concat(AttackCorpus.HarmlessLookalikes)
            .ToList();
        var failures = new List<string>();
        var ran = 0;

        foreach (var sql in reads)
        {
            var arguments = new Dictionary<string, object?> { ["sql"] = sql, ["max_rows"] = 3 };
            if (sql.Contains("$1", StringComparison.Ordinal))
            {
                arguments["parameters"] = new[] { "1" };
            }

            var (isError, text) = await CallAsync(target.ReadOnly, "execute_sql", arguments);
            if (!isError)
            {
                ran++;
            }
            else if (!IsMissingFromTheSampleSchema(text))
            {
                failures.Add($"{sql}\n    refused or failed: {text}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {reads.Count} reads did not run:\n{string.Join("\n", failures)}");
        Assert.True(ran >= reads.Count * 2 / 3, $"only {ran} of {reads.Count} reads ran");
    }

    [Fact]
    public async Task ExecuteSql_ReadOnly_AFunctionThatLiesAboutItsVolatilityIsNotTakenAtItsWord()
    {
        var before = await DatabaseFingerprint.TakeAsync(target.ConnectionString);

        var error = await target.ReadOnly.CallErrorAsync("execute_sql", new() { ["sql"] = "SELECT stable_liar()" });

        Assert.Contains("public.stable_liar() (plpgsql)", error);
        Assert.Contains("its declared volatility is no proof", error);
        Assert.Empty(before.Differences(await DatabaseFingerprint.TakeAsync(target.ConnectionString)));
    }

    [Fact]
    public async Task ExplainQueryWithAnalyze_ReadWrite_ExecutesAWriteAndRollsItBack()
    {
        var before = await DatabaseFingerprint.TakeAsync(target.ConnectionString);

        var text = await target.ReadWrite.CallTextAsync("explain_query", new() { ["sql"] = "DELETE FROM order_items", ["analyze"] = true });

        Assert.StartsWith("executed: ", text);
        Assert.Matches(@"\nDelete on public\.order_items; rows 0→0", text);
        Assert.Contains("any sequence it advanced", text);
        Assert.Empty(before.Differences(await DatabaseFingerprint.TakeAsync(target.ConnectionString)));
    }

    private static async Task ExpectRefusalAsync(
        McpClient client, string tool, Dictionary<string, object?> arguments, string sql, string? rule, List<string> failures)
    {
        var (isError, text) = await CallAsync(client, tool, arguments);
        if (!isError)
        {
            failures.Add($"{sql}\n    RAN: {text}");
        }
        else if (!AttackCorpus.Rules.Any(text.Contains) || text.Contains("(this tool runs read-only)", StringComparison.Ordinal))
        {
            failures.Add($"{sql}\n    refused without naming a guard rule: {text}");
        }
        else if (rule is not null && !text.Contains(rule, StringComparison.Ordinal))
        {
            failures.Add($"{sql}\n    refused by another rule than \"{rule}\": {text}");
        }
    }

    private static async Task<(bool IsError, string Text)> CallAsync(McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments);
        return (result.IsError == true, string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text)));
    }

    /// <summary>
    /// The corpus names tables, columns, functions and schemas the sample database lacks, and a few values it does not
    /// take: PostgreSQL then answers with an error of its own (undefined table, column, function, object, schema;
    /// a value the enum rejects; currval before nextval), which is the database, not the guard, saying no.
    /// </summary>
    private static readonly string[] MissingFromTheSampleSchema = ["42P01", "42703", "42883", "42704", "3F000", "22P02", "55000"];

    private static bool IsMissingFromTheSampleSchema(string error) =>
        MissingFromTheSampleSchema.Any(state => error.Contains($"PostgreSQL error {state}:", StringComparison.Ordinal));

    private async Task CheckNothingChangedAsync(DatabaseFingerprint before, List<string> failures)
    {
        var after = await DatabaseFingerprint.TakeAsync(target.ConnectionString);
        failures.AddRange(before.Differences(after).Select(d => "database changed: " + d));

        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", target.Bystander);
            if ((int)(await command.ExecuteScalarAsync())! != target.Bystander.ProcessID)
            {
                failures.Add("the bystander session answers with another backend");
            }
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            failures.Add($"the bystander session was terminated: {e.Message}");
        }

        failures.AddRange(Directory.GetFiles(Path.GetDirectoryName(target.Marker)!, Path.GetFileName(target.Marker) + "*")
            .Where(f => !f.EndsWith(".jsonl", StringComparison.Ordinal))
            .Select(f => "the database server wrote the file " + f));
    }
}
