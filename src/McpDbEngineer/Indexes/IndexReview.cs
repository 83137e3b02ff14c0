using System.Data;
using System.Globalization;
using McpDbEngineer.Answers;
using McpDbEngineer.Catalog;
using McpDbEngineer.Database;
using McpDbEngineer.Sql;
using Npgsql;

namespace McpDbEngineer.Indexes;

/// <summary>The findings of an index review and since when the scan counters behind them count.</summary>
public sealed record IndexReviewReport(DateTime? StatsReset, IReadOnlyList<Finding> Findings);

/// <summary>
/// review_indexes: index hygiene for one table, one schema or the whole database. Reads the facts in one catalog batch
/// (after resolving the name, if one is given) and judges them with <see cref="IndexHygiene"/>; the health tools reuse it.
/// </summary>
public sealed class IndexReview(DatabaseExecutor executor)
{
    private static readonly string[] Queries = ["review_stats_reset", "review_index_facts", "review_foreign_keys"];

    public async Task<IndexReviewReport> ReviewAsync(string? schema, string? table, CancellationToken cancellationToken)
    {
        var facts = await executor.CatalogAsync(async (connection, ct) =>
        {
            uint? tableOid = null;
            string? schemaName = null;
            if (table is not null)
            {
                tableOid = (await CatalogNames.ResolveRelationAsync(connection, QualifiedName.Parse(table, schema), ct)).Oid;
            }
            else if (schema is not null)
            {
                schemaName = QualifiedName.ParseSchema(schema).Name;
                await CatalogNames.EnsureSchemaExistsAsync(connection, schemaName, ct);
            }

            return await LoadAsync(connection, tableOid, schemaName, ct);
        }, cancellationToken);
        return new IndexReviewReport(facts.StatsReset, IndexHygiene.Judge(facts));
    }

    private static async Task<IndexReviewFacts> LoadAsync(NpgsqlConnection connection, uint? tableOid, string? schema, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection);
        foreach (var query in Queries)
        {
            var command = new NpgsqlBatchCommand(EmbeddedFiles.Get($"Indexes/Sql/{query}.sql"));
            if (query != "review_stats_reset")
            {
                command.Parameters.Add(new() { Value = tableOid is { } oid ? oid : DBNull.Value, DataTypeName = "oid" });
                command.Parameters.Add(new() { Value = schema is null ? DBNull.Value : schema, DataTypeName = "text" });
            }

            batch.BatchCommands.Add(command);
        }

        await using var reader = await batch.ExecuteReaderAsync(ct);
        DateTime? statsReset = await reader.ReadAsync(ct) && !reader.IsDBNull(0) ? reader.GetDateTime(0) : null;
        await reader.NextResultAsync(ct);
        var indexes = new List<ReviewedIndex>();
        while (await reader.ReadAsync(ct))
        {
            indexes.Add(ReadIndex(reader));
        }

        await reader.NextResultAsync(ct);
        var foreignKeys = new List<ReviewedForeignKey>();
        while (await reader.ReadAsync(ct))
        {
            foreignKeys.Add(new ReviewedForeignKey(
                reader.GetString("name"), reader.GetString("referencing"), reader.GetString("columns"), reader.GetString("referenced"),
                reader.GetFieldValue<short[]>("key"), [.. reader.GetFieldValue<string[]>("referencing_index_keys").Select(AttnumList)]));
        }

        return new IndexReviewFacts(statsReset, indexes, foreignKeys);
    }

    private static ReviewedIndex ReadIndex(NpgsqlDataReader r) => new(
        r.GetString("table_name"), r.GetString("index_name"), r.GetString("method"), r.GetString("definition"),
        r.GetFieldValue<string[]>("key_signature"), r.GetFieldValue<short[]>("columns"), r.GetInt32("key_count"),
        r.GetString("expressions"), r.GetString("predicate"),
        r.GetBoolean("indisunique"), r.GetBoolean("indisvalid"), r.GetBoolean("indisreplident"), r.GetBoolean("backs_constraint"),
        r.GetInt64("idx_scan"), r.GetInt64("bytes"), r.GetInt64("pages"), r.GetDouble("table_rows"),
        r.IsDBNull("key_width") ? null : r.GetInt64("key_width"),
        r.IsDBNull("lead_distinct") ? null : r.GetDouble("lead_distinct"));

    private static short[] AttnumList(string spaced) => [.. spaced.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(n => short.Parse(n, CultureInfo.InvariantCulture))];
}
