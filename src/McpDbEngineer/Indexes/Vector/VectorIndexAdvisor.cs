using System.Globalization;
using McpDbEngineer.Database;

namespace McpDbEngineer.Indexes.Vector;

/// <summary>What the caller asks of recommend_vector_index.</summary>
/// <param name="QueryVectors">Query vectors as pgvector text ("[0.1,0.2,…]") for measuring; empty: held-out rows.</param>
public sealed record VectorAdviceRequest(
    string Table,
    string? Column = null,
    string? Distance = null,
    double TargetRecall = 0.95,
    double LatencyMs = 0,
    int K = 10,
    bool Measure = false,
    int SampleRows = VectorIndexAdvisor.DefaultSampleRows,
    IReadOnlyList<string>? QueryVectors = null);

/// <summary>The facts read, the goals, the decision, and what measuring found (null when not asked).</summary>
public sealed record VectorAdvice(VectorColumnFacts Facts, VectorGoals Goals, VectorIndexPlan Plan, VectorMeasurement? Measurement);

/// <summary>
/// recommend_vector_index's service: reads the column's facts from the target (catalog reads only), decides with
/// <see cref="VectorIndexPolicy"/>, and with measure builds and measures the candidates on a shadow copy.
/// </summary>
public sealed class VectorIndexAdvisor(DatabaseExecutor executor, VectorMeasurer measurer)
{
    public const int DefaultSampleRows = 20_000;

    /// <summary>The most rows a measurement copies: the sample lives in memory on its way to the shadow.</summary>
    public const int MaxSampleRows = 1_000_000;

    /// <summary>Rows held out of the sample as query vectors when the caller gives none.</summary>
    public const int HeldOutQueries = 100;

    public const int MaxQueryVectors = 1_000;

    public const int MaxK = 1_000;

    public async Task<VectorAdvice> AdviseAsync(VectorAdviceRequest request, IProgress<VectorProgress>? progress, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Table))
        {
            throw new ToolException("Give the table (table or schema.table) whose vector column to index.");
        }

        if (request.TargetRecall is <= 0 or > 1 || request.K is < 1 or > MaxK || request.LatencyMs < 0)
        {
            throw new ToolException($"target_recall is above 0 and at most 1 (e.g. 0.95), k between 1 and {MaxK}, latency_ms 0 (none) or more.");
        }

        if (request.Measure && request.SampleRows is < 100 or > MaxSampleRows)
        {
            throw new ToolException($"sample_rows is between 100 and {MaxSampleRows}.");
        }

        var vectors = request.QueryVectors ?? [];
        if (vectors.Count > 0 && !request.Measure)
        {
            throw new ToolException("query_vectors are used to measure: add measure: true, or leave them out.");
        }

        var distance = string.IsNullOrWhiteSpace(request.Distance) ? null : VectorDistance.Parse(request.Distance);
        var facts = await executor.CatalogAsync((connection, ct) => VectorColumnLoader.LoadAsync(connection, request.Table, request.Column, ct), cancellationToken);
        var goals = new VectorGoals(request.TargetRecall, request.LatencyMs > 0 ? request.LatencyMs : null, request.K, distance);
        var plan = VectorIndexPolicy.Decide(facts, goals);
        if (!request.Measure)
        {
            return new VectorAdvice(facts, goals, plan, null);
        }

        var given = QueryVectors(vectors, facts);
        var measurement = await measurer.MeasureAsync(facts, plan, goals, request.SampleRows, given, HeldOutQueries, progress, cancellationToken);
        return new VectorAdvice(facts, goals, plan, measurement);
    }

    /// <summary>The caller's query vectors as Pgvector values, each checked for the column's dimensions.</summary>
    public static IReadOnlyList<Pgvector.Vector> QueryVectors(IReadOnlyList<string> texts, VectorColumnFacts facts)
    {
        if (texts.Count > MaxQueryVectors)
        {
            throw new ToolException($"{texts.Count} query_vectors: give at most {MaxQueryVectors}.");
        }

        var vectors = new List<Pgvector.Vector>();
        for (var i = 0; i < texts.Count; i++)
        {
            var text = texts[i].Trim();
            if (text.Length < 2 || text[0] != '[' || text[^1] != ']')
            {
                throw new ToolException($"query_vectors[{i}] is not a vector: write it as pgvector does, \"[0.1,0.2,0.3]\".");
            }

            var parts = text[1..^1].Split(',', StringSplitOptions.TrimEntries);
            var values = new float[parts.Length];
            for (var j = 0; j < parts.Length; j++)
            {
                if (!float.TryParse(parts[j], NumberStyles.Float, CultureInfo.InvariantCulture, out values[j]) || !float.IsFinite(values[j]))
                {
                    throw new ToolException($"query_vectors[{i}] has '{parts[j]}' at position {j + 1}, not a finite number.");
                }
            }

            if (facts.Dimensions is { } dims && values.Length != dims)
            {
                throw new ToolException($"query_vectors[{i}] has {values.Length} dimensions; {facts.Column} has {dims}.");
            }

            vectors.Add(new Pgvector.Vector(values));
        }

        return vectors;
    }
}
