using System.Globalization;
using System.Text;
using McpDbEngineer.Answers;
using McpDbEngineer.Catalog;
using McpDbEngineer.Database;
using McpDbEngineer.Sql;
using Npgsql;

namespace McpDbEngineer.Schema;

/// <summary>list_objects: the objects of a database one page at a time, one catalog query per page.</summary>
public sealed class ObjectLister(DatabaseExecutor executor)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    /// <summary>Kinds an agent may ask for, with the spellings it is likely to use.</summary>
    private static readonly Dictionary<string, string> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["table"] = "table", ["tables"] = "table",
        ["view"] = "view", ["views"] = "view",
        ["matview"] = "matview", ["matviews"] = "matview", ["materialized view"] = "matview", ["materialized views"] = "matview", ["materialized_view"] = "matview",
        ["foreign table"] = "foreign table", ["foreign_table"] = "foreign table", ["foreign tables"] = "foreign table",
        ["sequence"] = "sequence", ["sequences"] = "sequence",
        ["function"] = "function", ["functions"] = "function", ["procedure"] = "procedure", ["procedures"] = "procedure", ["aggregate"] = "aggregate",
        ["type"] = "type", ["types"] = "type",
        ["extension"] = "extension", ["extensions"] = "extension",
        ["index"] = "index", ["indexes"] = "index", ["indices"] = "index",
    };

    public const string KindList = "table, view, matview, foreign table, sequence, index, function, procedure, aggregate, type, extension";

    public Task<string> ListAsync(ObjectQuery query, CancellationToken cancellationToken)
    {
        var schema = string.IsNullOrWhiteSpace(query.Schema) ? null : QualifiedName.ParseSchema(query.Schema).Name;
        var kinds = ParseKinds(query.Kind);
        var pattern = string.IsNullOrWhiteSpace(query.Pattern) ? null : NamePattern.ToILike(query.Pattern);
        var excluded = string.IsNullOrWhiteSpace(query.Exclude)
            ? null
            : query.Exclude.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(NamePattern.ToILike).ToArray();
        var bySize = query.Sort?.Trim().ToLowerInvariant() switch
        {
            null or "" or "name" => false,
            "size" => true,
            _ => throw new ToolException($"Unknown sort '{query.Sort}'. Use name (schema, then name) or size (largest first)."),
        };
        var after = string.IsNullOrWhiteSpace(query.Cursor) ? null : ObjectCursor.Decode(query.Cursor);
        if (after is not null && after.BySize != bySize)
        {
            throw new ToolException($"The cursor comes from a page sorted by {(after.BySize ? "size" : "name")}: call again with sort={(after.BySize ? "size" : "name")} and the same filters, or omit the cursor to start over.");
        }

        if (query.PageSize is < 1 or > MaxPageSize)
        {
            throw new ToolException($"page_size must be between 1 and {MaxPageSize}; it was {query.PageSize}.");
        }

        return executor.CatalogAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(EmbeddedFiles.Get("Schema/Sql/list_objects.sql"), connection)
            {
                Parameters =
                {
                    new() { Value = (object?)schema ?? DBNull.Value, DataTypeName = "text" },
                    new() { Value = (object?)kinds ?? DBNull.Value, DataTypeName = "text[]" },
                    new() { Value = (object?)pattern ?? DBNull.Value, DataTypeName = "text" },
                    new() { Value = query.IncludeSystem },
                    new() { Value = query.IncludePartitions },
                    new() { Value = (object?)after?.Schema ?? DBNull.Value, DataTypeName = "text" },
                    new() { Value = (object?)after?.Name ?? DBNull.Value, DataTypeName = "text" },
                    new() { Value = (object?)after?.Rank ?? DBNull.Value, DataTypeName = "integer" },
                    new() { Value = (object?)after?.Oid ?? DBNull.Value, DataTypeName = "oid" },
                    new() { Value = query.PageSize },
                    new() { Value = bySize },
                    new() { Value = (object?)after?.SortKey ?? DBNull.Value, DataTypeName = "bigint" },
                    new() { Value = (object?)excluded ?? DBNull.Value, DataTypeName = "text[]" },
                },
            };

            var text = new StringBuilder("schema\tname\tkind\trows\tsize\tnote\n");
            long total = 0, before = 0;
            var shown = 0;
            ObjectCursor? last = null;
            var more = false;
            var comments = false;
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    total = reader.GetInt64(0);
                    before = reader.GetInt64(1);
                    if (shown == query.PageSize)
                    {
                        more = true; // the query reads one row past the page to know whether another page exists
                        break;
                    }

                    comments |= !reader.IsDBNull(12);
                    AppendObject(reader, text);
                    last = new ObjectCursor(reader.GetString(2), reader.GetString(3), reader.GetInt32(4), reader.GetFieldValue<uint>(5), reader.GetInt64(6), bySize);
                    shown++;
                }
            }

            if (shown == 0)
            {
                if (schema is not null)
                {
                    await CatalogNames.EnsureSchemaExistsAsync(connection, schema, ct);
                }

                return after is null
                    ? "No objects match. Widen the filters (schema, kind, pattern), or set include_system to see pg_catalog and information_schema.\n"
                    : "No objects after this cursor: the previous page was the last.\n";
            }

            text.Append(CultureInfo.InvariantCulture, $"(objects {before + 1}-{before + shown} of {total}");
            text.Append(more ? $"; next page: call again with the same filters and cursor=\"{last!.Encode()}\")\n" : ")\n");
            // Comments are text anyone who could write them chose: marked as data.
            return comments ? UntrustedData.Wrap(text.ToString()) : text.ToString();
        }, cancellationToken);
    }

    private static void AppendObject(NpgsqlDataReader reader, StringBuilder text)
    {
        text.Append(reader.GetString(2)).Append('\t')
            .Append(reader.GetString(7)).Append('\t')
            .Append(reader.GetString(8)).Append('\t');
        if (!reader.IsDBNull(9))
        {
            var rows = reader.GetDouble(9);
            text.Append(rows < 0 ? "?" : ((long)rows).ToString(CultureInfo.InvariantCulture));
        }

        text.Append('\t');
        if (!reader.IsDBNull(10))
        {
            text.Append(Units.Bytes(reader.GetInt64(10)));
        }

        text.Append('\t');
        var note = reader.IsDBNull(11) ? null : reader.GetString(11);
        var comment = reader.IsDBNull(12) ? null : ShortText.Cell(reader.GetString(12), ShortText.CommentLength);

        text.Append(note is not null && comment is not null ? $"{note}; {comment}" : note ?? comment).Append('\n');
    }

    private static string[]? ParseKinds(string? kind)
    {
        if (string.IsNullOrWhiteSpace(kind))
        {
            return null;
        }

        var kinds = new List<string>();
        foreach (var part in kind.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Kinds.TryGetValue(part, out var known))
            {
                throw new ToolException($"Unknown kind '{part}'. Use one or more of: {KindList} (comma-separated).");
            }

            kinds.Add(known);
        }

        return kinds.Count == 0 ? null : [.. kinds.Distinct()];
    }
}

/// <summary>The filters and page of a list_objects call.</summary>
public sealed record ObjectQuery(
    string? Schema = null,
    string? Kind = null,
    string? Pattern = null,
    bool IncludeSystem = false,
    bool IncludePartitions = false,
    int PageSize = ObjectLister.DefaultPageSize,
    string? Cursor = null,
    string? Sort = null,
    string? Exclude = null);
