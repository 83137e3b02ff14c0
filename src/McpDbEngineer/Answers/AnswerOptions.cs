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
    public AnswerLimits For(int? maxRows) => new(Math.Clamp(maxRows ?? DefaultMaxRows, 1, MaxRowsLimit), MaxValueChars, MaxAnswerChars);
}
