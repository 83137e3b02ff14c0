using McpDbEngineer.Sql.Parsing;
using Npgsql;

namespace McpDbEngineer.Database;

/// <summary>
/// Runs a script of our own (the sample schema, the audit table) as one batch: PostgreSQL's parser cuts it into
/// statements, so the server never needs Npgsql to split SQL text (SQL rewriting is switched off in the product).
/// </summary>
public static class SqlScript
{
    public static async Task ExecuteAsync(NpgsqlConnection connection, string script, CancellationToken cancellationToken, int commandTimeoutSeconds = 30)
    {
        var split = PgQuery.Split(script);
        if (split.Error is { } error)
        {
            throw new InvalidOperationException($"Built-in SQL script does not parse at {error.Position}: {error.Message}");
        }

        await using var batch = new NpgsqlBatch(connection) { Timeout = commandTimeoutSeconds };
        foreach (var statement in split.Statements)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(script.Substring(statement.Start, statement.Length)));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
