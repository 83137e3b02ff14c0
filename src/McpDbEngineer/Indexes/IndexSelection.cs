namespace McpDbEngineer.Indexes;

/// <summary>A query of the workload as the selection sees it: its weight (calls), its cost without new indexes, the tables it reads.</summary>
public sealed record SelectionQuery(double Weight, double BaselineCost, IReadOnlySet<string> Tables);

/// <summary>A candidate as the selection sees it: the table it is on and its estimated size.</summary>
public sealed record SelectionCandidate(string Table, long SizeBytes);

/// <summary>How far the selection may go: indexes, bytes, and the smallest gain worth an index (a share of the workload's cost).</summary>
public sealed record SelectionLimits(int MaxIndexes, long SizeBudgetBytes, double MinGainShare);

/// <summary>Why a candidate was not chosen.</summary>
public enum Rejection { NoGain, BelowThreshold, TooBig, IndexLimit }

/// <summary>One chosen index: which candidate, the weighted cost it cut when chosen, and the queries it made cheaper.</summary>
public sealed record ChosenIndex(int Candidate, double Gain, IReadOnlyList<int> Helped);

/// <summary>A candidate left out, with why and the weighted gain it had alone (its best showing).</summary>
public sealed record RejectedIndex(int Candidate, Rejection Reason, double Gain);

/// <summary>The indexes chosen in order, each query's cost with all of them, and the candidates left out.</summary>
public sealed record SelectionResult(IReadOnlyList<ChosenIndex> Chosen, IReadOnlyList<double> Costs, IReadOnlyList<RejectedIndex> Rejected);

/// <summary>The planner's answer for one trial: each query's cost with the indexes kept so far plus one candidate.</summary>
public interface ITrialPlanner
{
    /// <summary>The costs of <paramref name="queries"/> with the kept indexes and <paramref name="candidate"/>.</summary>
    Task<IReadOnlyList<double>> CostsWithAsync(int candidate, IReadOnlyList<int> queries, CancellationToken cancellationToken);

    /// <summary>Keeps <paramref name="candidate"/> for every later trial.</summary>
    Task KeepAsync(int candidate, CancellationToken cancellationToken);
}

/// <summary>
/// Greedy index selection: each round tries every remaining candidate with the indexes already chosen, re-planning
/// only the queries that read its table, and keeps the one that cuts the weighted cost most — until the budget, the
/// index count or the gain runs out. Greedy is not optimal, but each step is the planner's own number, and one index
/// that serves several queries wins over two that each serve one.
/// </summary>
public static class IndexSelection
{
    /// <summary>A cost change below this share of the query's cost is planner noise, not a gain.</summary>
    private const double NoiseShare = 0.001;

    public static async Task<SelectionResult> SelectAsync(
        IReadOnlyList<SelectionQuery> queries, IReadOnlyList<SelectionCandidate> candidates, SelectionLimits limits,
        ITrialPlanner planner, CancellationToken cancellationToken)
    {
        var costs = queries.Select(q => q.BaselineCost).ToArray();
        var total = queries.Sum(q => q.Weight * q.BaselineCost);
        var rejected = new Dictionary<int, RejectedIndex>();
        var bestAlone = new double[candidates.Count];
        var chosen = new List<ChosenIndex>();
        long used = 0;
        for (var round = 0; ; round++)
        {
            var remaining = Enumerable.Range(0, candidates.Count).Where(c => !rejected.ContainsKey(c) && chosen.All(k => k.Candidate != c)).ToList();
            if (remaining.Count == 0)
            {
                break;
            }

            if (chosen.Count >= limits.MaxIndexes)
            {
                remaining.ForEach(c => rejected[c] = new RejectedIndex(c, Rejection.IndexLimit, bestAlone[c]));
                break;
            }

            (int Candidate, double Gain, IReadOnlyList<int> Queries, IReadOnlyList<double> Costs)? best = null;
            foreach (var c in remaining)
            {
                if (used + candidates[c].SizeBytes > limits.SizeBudgetBytes)
                {
                    rejected[c] = new RejectedIndex(c, Rejection.TooBig, bestAlone[c]);
                    continue;
                }

                var reading = Enumerable.Range(0, queries.Count).Where(q => queries[q].Tables.Contains(candidates[c].Table)).ToList();
                var trial = reading.Count == 0 ? [] : await planner.CostsWithAsync(c, reading, cancellationToken);
                var gain = reading.Select((q, i) => Gain(queries[q], costs[q], trial[i])).Sum();
                if (round == 0)
                {
                    bestAlone[c] = gain;
                }

                // A candidate that helps nothing now helps nothing later: further indexes only make queries cheaper without it.
                if (gain <= 0)
                {
                    rejected[c] = new RejectedIndex(c, Rejection.NoGain, bestAlone[c]);
                }
                else if (best is null || gain > best.Value.Gain)
                {
                    best = (c, gain, reading, trial);
                }
            }

            if (best is not { } pick || pick.Gain < limits.MinGainShare * total)
            {
                foreach (var c in Enumerable.Range(0, candidates.Count).Where(c => !rejected.ContainsKey(c) && chosen.All(k => k.Candidate != c)))
                {
                    rejected[c] = new RejectedIndex(c, Rejection.BelowThreshold, bestAlone[c]);
                }

                break;
            }

            await planner.KeepAsync(pick.Candidate, cancellationToken);
            var helped = new List<int>();
            for (var i = 0; i < pick.Queries.Count; i++)
            {
                var q = pick.Queries[i];
                if (Gain(queries[q], costs[q], pick.Costs[i]) > 0)
                {
                    helped.Add(q);
                }

                costs[q] = pick.Costs[i];
            }

            used += candidates[pick.Candidate].SizeBytes;
            chosen.Add(new ChosenIndex(pick.Candidate, pick.Gain, helped));
        }

        return new SelectionResult(chosen, costs, rejected.Values.OrderBy(r => r.Candidate).ToList());
    }

    private static double Gain(SelectionQuery query, double before, double after) =>
        before - after > NoiseShare * before ? query.Weight * (before - after) : 0;
}
