using McpDbEngineer.Sql;
using Npgsql;

namespace McpDbEngineer.Catalog;

/// <summary>A relation found by name: its oid, its kind (pg_class.relkind) and its schema-qualified, quoted name.</summary>
public sealed record ResolvedRelation(uint Oid, char Kind, string Display);

/// <summary>
/// Finds schemas and relations by the names agents give, and when a name does not exist says so with the closest
/// names in the catalog, so the agent can correct itself without a round of list calls.
/// </summary>
public static class CatalogNames
{
    /// <summary>Relation kinds describe_table answers for: tables, partitioned tables, views, materialized views, foreign tables.</summary>
    private const string DescribableKinds = "rpvmf";

    public static async Task<ResolvedRelation> ResolveRelationAsync(NpgsqlConnection connection, QualifiedName name, CancellationToken cancellationToken)
    {
        await using (var command = new NpgsqlCommand(EmbeddedFiles.Get("Catalog/Sql/resolve_relation.sql"), connection))
        {
            command.Parameters.Add(new() { Value = (object?)name.Schema ?? DBNull.Value, DataTypeName = "text" });
            command.Parameters.Add(new() { Value = name.Name, DataTypeName = "text" });
            command.Parameters.Add(new() { Value = (object?)name.TypedSchema ?? DBNull.Value, DataTypeName = "text" });
            command.Parameters.Add(new() { Value = name.TypedName, DataTypeName = "text" });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                var relation = new ResolvedRelation(reader.GetFieldValue<uint>(0), reader.GetString(1)[0], reader.GetString(2));
                if (DescribableKinds.Contains(relation.Kind))
                {
                    return relation;
                }

                throw new ToolException(relation.Kind switch
                {
                    'i' or 'I' => $"{relation.Display} is an index on {reader.GetString(3)}; describe that table to see its indexes.",
                    'S' => $"{relation.Display} is a sequence, not a table; list_objects with kind=sequence lists sequences.",
                    _ => $"{relation.Display} is not a table or view (relkind '{relation.Kind}').",
                });
            }
        }

        if (name.Schema is not null)
        {
            await EnsureSchemaExistsAsync(connection, name.Schema, cancellationToken);
        }

        // a table in another schema than the one named is suggested too, but after those in the schema named
        const double OtherSchema = 0.9;
        var candidates = new List<(string, string, double)>();
        await using (var command = new NpgsqlCommand(EmbeddedFiles.Get("Catalog/Sql/relation_names.sql"), connection))
        {
            command.Parameters.Add(new() { Value = (object?)name.Schema ?? DBNull.Value, DataTypeName = "text" });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var inSchemaNamed = name.Schema is null || reader.GetString(0) == name.Schema;
                candidates.Add((reader.GetString(1), reader.GetString(2), inSchemaNamed ? 1 : OtherSchema));
            }
        }

        var where = name.Schema is null ? " in the search_path" : "";
        throw new ToolException(
            $"Table '{name.Display}' not found{where}.{NameSuggestions.Hint(NameSuggestions.Closest(name.TypedName, candidates))} " +
            "list_objects lists tables and views (pattern filters by name).");
    }

    /// <summary>Throws a <see cref="ToolException"/> naming close schemas when <paramref name="schema"/> does not exist.</summary>
    public static async Task EnsureSchemaExistsAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        var candidates = new List<(string, string, double)>();
        await using (var command = new NpgsqlCommand(EmbeddedFiles.Get("Catalog/Sql/schema_names.sql"), connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.GetString(0) == schema)
                {
                    return;
                }

                candidates.Add((reader.GetString(0), reader.GetString(1), 1));
            }
        }

        throw new ToolException(
            $"Schema '{schema}' not found.{NameSuggestions.Hint(NameSuggestions.Closest(schema, candidates))} list_schemas lists the schemas.");
    }
}
