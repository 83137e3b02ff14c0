namespace McpDbEngineer.Migrations.Lint;

/// <summary>Char offsets of a text as 1-based line and column, the way editors, SARIF and GitHub annotations count them.</summary>
internal sealed class LineMap
{
    private readonly List<int> lineStarts = [0];

    public LineMap(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                lineStarts.Add(i + 1);
            }
        }
    }

    public (int Line, int Column) At(int charOffset)
    {
        var index = lineStarts.BinarySearch(charOffset);
        var line = index >= 0 ? index : ~index - 1;
        return (line + 1, charOffset - lineStarts[line] + 1);
    }
}
