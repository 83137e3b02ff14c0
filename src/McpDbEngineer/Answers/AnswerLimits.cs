namespace McpDbEngineer.Answers;

/// <summary>How much of a result an answer carries: an agent pays for every character it reads.</summary>
/// <param name="MaxRows">Rows per result set.</param>
/// <param name="MaxValueChars">Characters of one value; a longer one is cut with a note of how much is left.</param>
/// <param name="MaxAnswerChars">Characters of the whole answer; rows past it are cut like rows past the row cap.</param>
/// <param name="MaxRowsLimit">The most rows a call may ask for: past it, a note does not advise raising max_rows.</param>
public sealed record AnswerLimits(int MaxRows, int MaxValueChars, int MaxAnswerChars, int MaxRowsLimit);
