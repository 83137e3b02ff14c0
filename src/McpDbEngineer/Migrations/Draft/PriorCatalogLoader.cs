using McpDbEngineer.Database;
using McpDbEngineer.Sql;
using Npgsql;

namespace McpDbEngineer.Migrations.Draft;

/// <summary>Answers a draft's questions about the live catalog, in one read-only transaction on the target.</summary>
public sealed class PriorCatalogLoader(DatabaseExecutor executor)
{
    internal Task<PriorCatalog> LoadAsync(IReadOnlyCollection<PriorQuestion> questions, CancellationToken cancellationToken) =>
        questions.Count == 0
            ? Task.FromResult(PriorCatalog.Empty())
            : executor.CatalogAsync(
                async (connection, ct) =>
                {
                    var answers = new Dictionary<PriorQuestion, PriorObject>();
                    foreach (var question in questions)
                    {
                        if (await AnswerAsync(connection, question, ct) is { } answer)
                        {
                            answers[question] = answer;
                        }
                    }

                    return new PriorCatalog(answers);
                },
                cancellationToken);

    private static async Task<PriorObject?> AnswerAsync(NpgsqlConnection connection, PriorQuestion question, CancellationToken cancellationToken)
    {
        // A name the up got wrong (to_regclass of a malformed name raises): the object is then simply unknown.
        await using var savepoint = new NpgsqlCommand("SAVEPOINT prior_object", connection);
        await savepoint.ExecuteNonQueryAsync(cancellationToken);
        await using var command = new NpgsqlCommand(EmbeddedFiles.Get("Migrations/Draft/Sql/prior_object.sql"), connection);
        command.Parameters.Add(new NpgsqlParameter { Value = question.Kind, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)question.Relation ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = question.Name, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            var recreate = reader.IsDBNull(0) ? [] : reader.GetFieldValue<string?[]>(0).OfType<string>().ToArray();
            var facts = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var fact in reader.GetFieldValue<string?[]>(1).OfType<string>())
            {
                var equals = fact.IndexOf('=', StringComparison.Ordinal);
                facts[fact[..equals]] = fact[(equals + 1)..];
            }

            return new PriorObject(recreate, facts);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InvalidName or PostgresErrorCodes.SyntaxError or PostgresErrorCodes.InvalidSchemaName
                                              or PostgresErrorCodes.UndefinedObject or PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidTextRepresentation)
        {
            await using var rollback = new NpgsqlCommand("ROLLBACK TO SAVEPOINT prior_object", connection);
            await rollback.ExecuteNonQueryAsync(cancellationToken);
            return null;
        }
    }
}
