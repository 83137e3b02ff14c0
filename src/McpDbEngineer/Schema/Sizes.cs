using System.Globalization;

namespace McpDbEngineer.Schema;

/// <summary>Byte counts the way pg_size_pretty writes them, but shorter (8.2MB, 512kB, 0).</summary>
public static class Sizes
{
    public static string Format(long bytes)
    {
        string[] units = ["B", "kB", "MB", "GB", "TB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return bytes == 0 ? "0" : (unit == 0 ? bytes.ToString(CultureInfo.InvariantCulture) + "B" : value.ToString(value < 10 ? "0.#" : "0", CultureInfo.InvariantCulture) + units[unit]);
    }
}
