using System.Text;

namespace McpDbEngineer.Catalog;

/// <summary>
/// A relation name as an agent writes it: <c>orders</c>, <c>sales.orders</c>, <c>"Order Lines"</c>, <c>sales."Order"</c>.
/// Unquoted parts fold to lower case and quoted parts keep their case, as PostgreSQL reads them; the text as typed is
/// kept too (without quotes), for a case-insensitive second try and for messages.
/// </summary>
public sealed record QualifiedName(string? Schema, string Name, string? TypedSchema, string TypedName)
{
    public string Display => TypedSchema is null ? TypedName : $"{TypedSchema}.{TypedName}";

    /// <summary>Parses <paramref name="text"/>; a separate <paramref name="schema"/> applies when the text names none.</summary>
    public static QualifiedName Parse(string text, string? schema)
    {
        var parts = SplitIdentifiers(text, "table");
        if (parts.Count > 2)
        {
            throw new ToolException($"'{text}' has too many dotted parts. Write table, schema.table or \"Quoted Schema\".\"Quoted Table\".");
        }

        var (name, typedName) = parts[^1];
        if (parts.Count == 2)
        {
            var (qualifier, typedQualifier) = parts[0];
            if (!string.IsNullOrWhiteSpace(schema) && !string.Equals(ParseSchema(schema).Name, qualifier, StringComparison.Ordinal))
            {
                throw new ToolException($"'{text}' names schema {typedQualifier} but the schema parameter says {schema}; give the schema once.");
            }

            return new QualifiedName(qualifier, name, typedQualifier, typedName);
        }

        if (string.IsNullOrWhiteSpace(schema))
        {
            return new QualifiedName(null, name, null, typedName);
        }

        var (schemaName, typedSchema) = ParseSchema(schema);
        return new QualifiedName(schemaName, name, typedSchema, typedName);
    }

    /// <summary>A schema name alone: <c>sales</c> or <c>"Sales"</c>.</summary>
    public static (string Name, string Typed) ParseSchema(string text)
    {
        var parts = SplitIdentifiers(text, "schema");
        if (parts.Count != 1)
        {
            throw new ToolException($"'{text}' is not a single schema name. Write sales or \"Mixed Case\".");
        }

        return parts[0];
    }

    private static List<(string Name, string Typed)> SplitIdentifiers(string text, string what)
    {
        var parts = new List<(string, string)>();
        var position = 0;
        while (true)
        {
            while (position < text.Length && char.IsWhiteSpace(text[position]))
            {
                position++;
            }

            var start = position;
            string name;
            var quotedPart = false;
            if (position < text.Length && text[position] == '"')
            {
                var quoted = new StringBuilder();
                position++;
                while (true)
                {
                    if (position >= text.Length)
                    {
                        throw new ToolException($"The {what} name '{text}' has an unterminated quote.");
                    }

                    if (text[position] == '"')
                    {
                        if (position + 1 < text.Length && text[position + 1] == '"')
                        {
                            quoted.Append('"');
                            position += 2;
                            continue;
                        }

                        position++;
                        break;
                    }

                    quoted.Append(text[position++]);
                }

                name = quoted.ToString();
                quotedPart = true;
            }
            else
            {
                while (position < text.Length && text[position] != '.' && !char.IsWhiteSpace(text[position]) && text[position] != '"')
                {
                    position++;
                }

                name = FoldUnquoted(text[start..position]);
            }

            var typed = quotedPart ? name : text[start..position];
            while (position < text.Length && char.IsWhiteSpace(text[position]))
            {
                position++;
            }

            if (name.Length == 0)
            {
                throw new ToolException($"The {what} name '{text}' has an empty part. Write {(what == "table" ? "table or schema.table" : "the schema's name")}.");
            }

            parts.Add((name, typed));
            if (position == text.Length)
            {
                return parts;
            }

            if (text[position] != '.')
            {
                throw new ToolException($"The {what} name '{text}' is not valid at character {position + 1}. Quote names with spaces or capitals: \"Order Lines\".");
            }

            position++;
        }
    }

    /// <summary>PostgreSQL folds only ASCII letters of unquoted identifiers (in UTF-8 databases).</summary>
    private static string FoldUnquoted(string identifier) =>
        string.Create(identifier.Length, identifier, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsAsciiLetterUpper(source[i]) ? (char)(source[i] + 32) : source[i];
            }
        });
}
