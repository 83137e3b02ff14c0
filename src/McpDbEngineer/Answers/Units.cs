using System.Globalization;

namespace McpDbEngineer.Answers;

/// <summary>Quantities written short and culture-free, the same way in every answer: sizes, rows, times, costs, shares.</summary>
public static class Units
{
    private static readonly string[] ByteUnits = ["B", "kB", "MB", "GB", "TB"];

    /// <summary>Byte counts the way pg_size_pretty writes them, but shorter (8.2MB, 512kB, 0).</summary>
    public static string Bytes(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < ByteUnits.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return bytes == 0 ? "0" : (unit == 0 ? Count(bytes) + "B" : value.ToString(value < 10 ? "0.#" : "0", CultureInfo.InvariantCulture) + ByteUnits[unit]);
    }

    /// <summary>Kilobytes as EXPLAIN reports memory and disk, in MB from 10 MB on.</summary>
    public static string Kb(double kb) => kb >= 10 * 1024
        ? (kb / 1024).ToString("0.#", CultureInfo.InvariantCulture) + "MB"
        : kb.ToString("0", CultureInfo.InvariantCulture) + "kB";

    public static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Row counts, which EXPLAIN gives as fractions when averaged over loops.</summary>
    public static string Rows(double rows) => rows.ToString(rows >= 100 ? "0" : "0.##", CultureInfo.InvariantCulture);

    public static string Ms(double ms) => ms switch
    {
        >= 10_000 => (ms / 1000).ToString("0.#", CultureInfo.InvariantCulture) + "s",
        >= 100 => ms.ToString("0", CultureInfo.InvariantCulture) + "ms",
        >= 1 => ms.ToString("0.#", CultureInfo.InvariantCulture) + "ms",
        _ => ms.ToString("0.###", CultureInfo.InvariantCulture) + "ms",
    };

    public static string Cost(double cost) => cost.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Shares as percentages; below 0.1% with two significant digits, so a share that is not zero never reads "0%".</summary>
    public static string Percent(double fraction) => fraction switch
    {
        > 0 and < 0.001 => SignificantDigits(fraction * 100, 2) + "%",
        < 0.1 => (fraction * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%",
        _ => (fraction * 100).ToString("0", CultureInfo.InvariantCulture) + "%",
    };

    private static string SignificantDigits(double value, int digits)
    {
        var decimals = Math.Clamp(digits - 1 - (int)Math.Floor(Math.Log10(value)), 0, 15);
        return Math.Round(value, decimals).ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture);
    }

    public static string Timestamp(DateTime at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
}
