namespace McpDbEngineer.Bench;

/// <summary>Repeated measurements of one thing, in milliseconds.</summary>
public sealed class Timings(IReadOnlyList<double> milliseconds)
{
    private readonly double[] _sorted = [.. milliseconds.Order()];

    public int Count => _sorted.Length;

    public double Median => Percentile(50);

    public double P95 => Percentile(95);

    /// <summary>Nearest-rank percentile: a value that was actually measured.</summary>
    public double Percentile(double percent) =>
        _sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * _sorted.Length) - 1, 0, _sorted.Length - 1)];

    public static async Task<Timings> MeasureAsync(int runs, Func<Task> action)
    {
        var results = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await action();
            results[i] = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        return new Timings(results);
    }
}
