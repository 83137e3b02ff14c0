using System.Text;

namespace McpDbEngineer.Answers;

/// <summary>
/// Admits rows (or COPY lines) into an answer while it is within its <see cref="AnswerLimits"/>, counts the rest,
/// and writes the closing note: how many were shown, how many cut, and what to do about it.
/// </summary>
public sealed class RowBudget(AnswerLimits limits, string unit)
{
    private bool _full;

    public int Shown { get; private set; }

    public int Cut { get; private set; }

    /// <summary>True when the next row fits; false (and counted as cut) when a limit has been reached.</summary>
    public bool Admit(StringBuilder output)
    {
        _full |= output.Length >= limits.MaxAnswerChars;
        if (Shown < limits.MaxRows && !_full)
        {
            Shown++;
            return true;
        }

        Cut++;
        return false;
    }

    /// <summary>"(3 rows)" or "(200 rows; 50 further rows cut — …)"; <paramref name="uncounted"/> when counting stopped early.</summary>
    public void WriteNote(StringBuilder output, bool uncounted = false)
    {
        output.Append('(').Append(Shown).Append(' ').Append(unit).Append(Shown == 1 ? "" : "s");
        if (Cut > 0)
        {
            output.Append(uncounted ? "; more than " : "; ").Append(Cut).Append(" further ").Append(unit).Append(Cut == 1 ? "" : "s").Append(" cut")
                .Append(_full
                    ? $" at the answer limit of {limits.MaxAnswerChars} characters — select fewer columns, shorter values (left(col, n)) or fewer rows"
                    : limits.MaxRows < limits.MaxRowsLimit
                        ? $" — add LIMIT/OFFSET, aggregate or narrow the WHERE clause, or raise max_rows (up to {limits.MaxRowsLimit})"
                        : " — add LIMIT/OFFSET, aggregate or narrow the WHERE clause");
        }

        output.Append(")\n");
    }
}
