using System.Globalization;

namespace McpDbEngineer.Explain;

/// <summary>Plan quantities written short: rows, milliseconds, kilobytes, costs, percentages.</summary>
public static class PlanFormat
{
    /// <summary>Conditions are cut here: past this length they cost more tokens than they explain.</summary>
    private const int MaxConditionLength = 120;

    public static string Rows(double rows) => rows.ToString(rows >= 100 ? "0" : "0.##", CultureInfo.InvariantCulture);

    public static string Ms(double ms) => ms switch
    {
        >= 10_000 => (ms / 1000).ToString("0.#", CultureInfo.InvariantCulture) + "s",
        >= 100 => ms.ToString("0", CultureInfo.InvariantCulture) + "ms",
        >= 1 => ms.ToString("0.#", CultureInfo.InvariantCulture) + "ms",
        _ => ms.ToString("0.###", CultureInfo.InvariantCulture) + "ms",
    };

    public static string Kb(double kb) => kb >= 10 * 1024
        ? (kb / 1024).ToString("0.#", CultureInfo.InvariantCulture) + "MB"
        : kb.ToString("0", CultureInfo.InvariantCulture) + "kB";

    public static string Cost(double cost) => cost.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Percent(double fraction) => fraction switch
    {
        < 0.001 => (fraction * 100).ToString("0.###", CultureInfo.InvariantCulture) + "%",
        < 0.1 => (fraction * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%",
        _ => (fraction * 100).ToString("0", CultureInfo.InvariantCulture) + "%",
    };

    public static string Condition(string condition) =>
        condition.Length <= MaxConditionLength ? condition : condition[..(MaxConditionLength - 1)] + "…";
}
