using System.Text;
using Npgsql;

namespace McpDbEngineer.Answers;

/// <summary>
/// Writes result sets as compact tab-separated text: one header line of name:type, then one line per row,
/// values in PostgreSQL's own text form. Cheaper for an agent than JSON with the keys repeated on every row.
/// </summary>
public static class ResultWriter
{
    /// <summary>Rows counted past the cap so the note can say how many were cut, without reading forever.</summary>
    private const int CountBeyondCap = 10_000;

    public const string Null = "NULL";

    /// <summary>
    /// Writes the result set <paramref name="reader"/> stands on; true when it stopped reading rows early (far past the
    /// cap), leaving the rest unread, so the caller can stop PostgreSQL instead of having it produce and send them for nothing.
    /// </summary>
    public static async Task<bool> WriteAsync(NpgsqlDataReader reader, AnswerLimits limits, StringBuilder output, CancellationToken cancellationToken)
    {
        for (var i = 0; i < reader.FieldCount; i++)
        {
            if (i > 0)
            {
                output.Append('\t');
            }

            output.Append(reader.GetName(i)).Append(':').Append(ShortTypeName(reader.GetPostgresType(i)));
        }

        output.Append('\n');
        var budget = new RowBudget(limits, "row");
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!budget.Admit(output))
            {
                if (budget.Cut >= CountBeyondCap)
                {
                    budget.WriteNote(output, uncounted: true);
                    return true;
                }

                continue;
            }

            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (i > 0)
                {
                    output.Append('\t');
                }

                AppendValue(output, reader.IsDBNull(i) ? null : reader.GetString(i), limits.MaxValueChars);
            }

            output.Append('\n');
        }

        budget.WriteNote(output, uncounted: false);
        return false;
    }

    /// <summary>PostgreSQL's short internal names (int8, timestamptz, text[]): the fewest tokens an agent still reads at once.</summary>
    private static string ShortTypeName(Npgsql.PostgresTypes.PostgresType type) =>
        type is Npgsql.PostgresTypes.PostgresArrayType array ? array.Element.InternalName + "[]" : type.InternalName;

    /// <summary>
    /// Tabs, newlines and backslashes escaped the way COPY text format does, so every row stays one line; a value
    /// longer than <paramref name="maxChars"/> is cut with a note of how many characters were left out.
    /// </summary>
    private static void AppendValue(StringBuilder output, string? value, int maxChars)
    {
        if (value is null)
        {
            output.Append(Null);
            return;
        }

        foreach (var c in value.Length > maxChars ? value.AsSpan(0, maxChars) : value.AsSpan())
        {
            switch (c)
            {
                case '\t': output.Append("\\t"); break;
                case '\n': output.Append("\\n"); break;
                case '\r': output.Append("\\r"); break;
                case '\\': output.Append("\\\\"); break;
                default: output.Append(c); break;
            }
        }

        if (value.Length > maxChars)
        {
            output.Append("…[+").Append(value.Length - maxChars).Append(" chars]");
        }
    }
}
