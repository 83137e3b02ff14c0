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
        return guard.ExecuteAsync(
            request with { Parameters = parameters },
            statements => statements.Any(s => s.Command == "COPY TO") ? null : ReadInOneBatch(statements, parameters, limits),
            (connection, statements, ct) => RunEachAsync(connection, statements, parameters, limits, ct),
            cancellationToken);
    }

    /// <summary>
    /// A read (every statement a read, none a COPY, whose data the copy protocol streams outside a batch): the statements
    /// go in one batch, so the call costs one round trip.
    /// </summary>
    private static BatchedRead<string> ReadInOneBatch(IReadOnlyList<StatementVerdict> statements, IReadOnlyList<string?> parameters, AnswerLimits limits) =>
        new(
            () => statements.Select(statement =>
            {
                // One command per statement, exactly as the parser cut it: the server sees the text the guard checked.
                // Bind parameters with several statements were refused by the guard, before any I/O.
                var command = new NpgsqlBatchCommand(statement.Text);
                TextParameters.Bind(command.Parameters, parameters);
                return command;
            }),
            async (batch, reader, ct) =>
            {
                var output = new StringBuilder();
                var results = 0;
                while (await reader.NextResultAsync(ct))
                {
                    // A statement without rows has no result here: counting results, the last statement's is known for
                    // sure only when every statement had one, and only then is a read stopped early.
                    var last = ++results == statements.Count;
                    if (reader.FieldCount > 0 && await ResultWriter.WriteAsync(reader, limits, output, ct) && last)
                    {
                        await StopReadingAsync(batch.Cancel, reader);
                        break;
                    }
                }

                // Everything a read writes is rows from the database.
                return output.Length > 0 ? UntrustedData.Wrap(output.ToString()) : "";
            });

    /// <summary>Statement after statement on the call's connection: a script with COPY, or one that writes.</summary>
    private static async Task<string> RunEachAsync(
        NpgsqlConnection connection, IReadOnlyList<StatementVerdict> statements, IReadOnlyList<string?> parameters, AnswerLimits limits, CancellationToken ct)
    {
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

            // Text results: every type, extension types included, in PostgreSQL's own output format.
            await using var command = new NpgsqlCommand(statement.Text, connection) { AllResultTypesAreUnknown = true };
            TextParameters.Bind(command.Parameters, parameters);

            await using var reader = await command.ExecuteReaderAsync(ct);
            if (reader.FieldCount > 0)
            {
                carriesData = true;
                if (await ResultWriter.WriteAsync(reader, limits, output, ct) && statement == statements[^1]
                    && statements.All(s => s.Class == StatementClass.Read))
                {
                    await StopReadingAsync(command.Cancel, reader);
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
    }

    /// <summary>
    /// Closing the reader would have PostgreSQL produce and send every remaining row (a cross join: billions) only to be
    /// thrown away. Cancelled instead; safe only when nothing follows and nothing was written, since it fails the
    /// transaction, which is rolled back anyway.
    /// </summary>
    private static async Task StopReadingAsync(Action cancel, NpgsqlDataReader reader)
    {
        cancel();
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
