using System.Text;
using Npgsql;

namespace McpDbEngineer.Query;

/// <summary>
/// Writes result sets as compact tab-separated text: one header line of name:type, then one line per row,
/// values in PostgreSQL's own text form. Cheaper for an agent than JSON with the keys repeated on every row.
/// </summary>
public static class ResultWriter
{
    /// <summary>Rows counted past the cap so the note can say how many were cut, without reading forever.</summary>
    private const int CountBeyondCap = 10_000;

    public const string Null = "NULL";

    public static async Task WriteAsync(NpgsqlDataReader reader, int maxRows, StringBuilder output, CancellationToken cancellationToken)
    {
        var resultIndex = 0;
        do
        {
            if (resultIndex++ > 0)
            {
                output.Append('\n');
            }

            if (reader.FieldCount == 0)
            {
                continue; // a statement without rows: the caller reports its row count
            }

            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (i > 0)
                {
                    output.Append('\t');
                }

                output.Append(reader.GetName(i)).Append(':').Append(ShortTypeName(reader.GetPostgresType(i)));
            }

            output.Append('\n');
            var shown = 0;
            var cut = 0;
            while (await reader.ReadAsync(cancellationToken))
            {
                if (shown >= maxRows)
                {
                    if (++cut >= CountBeyondCap)
                    {
                        break;
                    }

                    continue;
                }

                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (i > 0)
                    {
                        output.Append('\t');
                    }

                    AppendValue(output, reader.IsDBNull(i) ? null : reader.GetString(i));
                }

                output.Append('\n');
                shown++;
            }

            output.Append('(').Append(shown).Append(shown == 1 ? " row" : " rows");
            if (cut > 0)
            {
                output.Append(cut >= CountBeyondCap ? $"; more than {CountBeyondCap} further rows cut" : $"; {cut} further rows cut")
                    .Append(" — add LIMIT/OFFSET, aggregate or narrow the WHERE clause, or raise max_rows");
            }

            output.Append(")\n");
        }
        while (await reader.NextResultAsync(cancellationToken));
    }

    /// <summary>PostgreSQL's short internal names (int8, timestamptz, text[]): the fewest tokens an agent still reads at once.</summary>
    private static string ShortTypeName(Npgsql.PostgresTypes.PostgresType type) =>
        type is Npgsql.PostgresTypes.PostgresArrayType array ? array.Element.InternalName + "[]" : type.InternalName;

    /// <summary>Tabs, newlines and backslashes escaped the way COPY text format does, so every row stays one line.</summary>
    private static void AppendValue(StringBuilder output, string? value)
    {
        if (value is null)
        {
            output.Append(Null);
            return;
        }

        foreach (var c in value)
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
    }
}
