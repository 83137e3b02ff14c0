using System.Text;
using McpDbEngineer.Answers;
using McpDbEngineer.Database;
using McpDbEngineer.Safety;
using McpDbEngineer.Safety.Guard;
using McpDbEngineer.Sql;
using Microsoft.Extensions.Options;
using Npgsql;

namespace McpDbEngineer.Query;

/// <summary>Runs agent SQL through the guard and writes the results compactly.</summary>
public sealed class QueryRunner(SqlGuard guard, IOptions<AnswerOptions> options)
{
    private readonly AnswerOptions _options = options.Value;

    public Task<string> ExecuteAsync(SqlRequest request, IReadOnlyList<string?> parameters, int? maxRows, CancellationToken cancellationToken)
    {
        var limits = _options.For(maxRows);
        return guard.ExecuteAsync(request with { Parameters = parameters }, async (connection, statements, ct) =>
        {
            // Bind parameters with several statements were refused by the guard, before any I/O.
            var output = new StringBuilder();
            var carriesData = false;
            foreach (var statement in statements)
            {
                if (statement.Command == "COPY TO")
                {
                    // Only COPY … TO STDOUT gets here (the guard refuses COPY to a file or a program); the data is
                    // streamed by the copy protocol, which a command's reader cannot take.
                    await CopyOutAsync(connection, statement.Text, limits, output, ct);
                    carriesData = true;
                    continue;
                }

                // One command per statement, exactly as the parser cut it: the server sees the text the guard checked.
                // Text results: every type, extension types included, in PostgreSQL's own output format.
                await using var command = new NpgsqlCommand(statement.Text, connection) { AllResultTypesAreUnknown = true };
                TextParameters.Bind(command, parameters);

                await using var reader = await command.ExecuteReaderAsync(ct);
                if (reader.FieldCount > 0)
                {
                    carriesData = true;
                    if (await ResultWriter.WriteAsync(reader, limits, output, ct) && statement == statements[^1]
                        && statements.All(s => s.Class == StatementClass.Read))
                    {
                        // Closing the reader would have PostgreSQL produce and send every remaining row (a cross join:
                        // billions) only to be thrown away. Cancelled instead; safe only when nothing follows and nothing
                        // was written, since it fails the transaction, which is rolled back anyway.
                        await StopReadingAsync(command, reader);
                    }
                }

                if (statement.Class != StatementClass.Read)
                {
                    await reader.CloseAsync();
                    output.Append(statement.Command);
                    if (reader.RecordsAffected >= 0)
                    {
                        output.Append(' ').Append(reader.RecordsAffected);
                    }

                    output.Append('\n');
                }
            }

            return carriesData ? UntrustedData.Wrap(output.ToString()) : output.ToString();
        }, cancellationToken);
    }

    private static async Task StopReadingAsync(NpgsqlCommand command, NpgsqlDataReader reader)
    {
        command.Cancel();
        try
        {
            await reader.DisposeAsync();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.QueryCanceled)
        {
            // the cancel this method asked for
        }
    }

    /// <summary>COPY … TO STDOUT: the lines as PostgreSQL writes them (text or CSV), capped like rows.</summary>
    private static async Task CopyOutAsync(NpgsqlConnection connection, string sql, AnswerLimits limits, StringBuilder output, CancellationToken cancellationToken)
    {
        using var reader = await connection.BeginTextExportAsync(sql, cancellationToken);
        var budget = new RowBudget(limits, "line");
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (budget.Admit(output))
            {
                output.Append(line).Append('\n');
            }
        }

        budget.WriteNote(output);
    }
}
