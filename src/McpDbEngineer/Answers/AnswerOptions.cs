namespace McpDbEngineer.Answers;

/// <summary>How large an answer may grow: what agents pay for in tokens.</summary>
public sealed class AnswerOptions
{
    public const string Section = "Answers";

    /// <summary>Rows returned by execute_sql unless the call asks for fewer or more (up to <see cref="MaxRowsLimit"/>).</summary>
    public int DefaultMaxRows { get; set; } = 200;

    public int MaxRowsLimit { get; set; } = 5000;

    /// <summary>Characters of one value in an answer (a long text or jsonb is cut with a note).</summary>
    public int MaxValueChars { get; set; } = 2000;

    /// <summary>Characters of one execute_sql answer (about 25k tokens); rows past it are cut with a note.</summary>
    public int MaxAnswerChars { get; set; } = 100_000;

    /// <summary>The limits of one call that asks for <paramref name="maxRows"/> rows (the default when null).</summary>
    /// <exception cref="ToolException">Fewer than 1 or more than <see cref="MaxRowsLimit"/> rows asked for.</exception>
    public AnswerLimits For(int? maxRows)
    {
        if (maxRows is < 1 || maxRows > MaxRowsLimit)
        {
            throw new ToolException(
                $"max_rows must be between 1 and {MaxRowsLimit}; got {maxRows}. For more rows than {MaxRowsLimit}, page with ORDER BY … LIMIT/OFFSET or aggregate in SQL.");
        }

        return new(Math.Min(maxRows ?? DefaultMaxRows, MaxRowsLimit), MaxValueChars, MaxAnswerChars, MaxRowsLimit);
    }
}
