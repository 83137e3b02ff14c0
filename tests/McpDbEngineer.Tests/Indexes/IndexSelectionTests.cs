using McpDbEngineer.Indexes;

namespace McpDbEngineer.Tests.Indexes;

public sealed class IndexSelectionTests
{
    /// <summary>A planner of fixed numbers: the cost of each query with each index alone, and the indexes kept.</summary>
    private sealed class FixedPlanner(Dictionary<(int Candidate, int Query), double> costs) : ITrialPlanner
    {
        public List<int> Kept { get; } = [];

        public Task<IReadOnlyList<double>> CostsWithAsync(int candidate, IReadOnlyList<int> queries, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<double>>(queries.Select(q => Kept.Append(candidate).Select(c => costs.GetValueOrDefault((c, q), 100)).Min()).ToList());

        public Task KeepAsync(int candidate, CancellationToken cancellationToken)
        {
            Kept.Add(candidate);
            return Task.CompletedTask;
        }
    }

    private static readonly SelectionQuery[] ThreeQueries =
    [
        new(1, 100, new HashSet<string> { "a" }),
        new(10, 100, new HashSet<string> { "b" }),
        new(1, 100, new HashSet<string> { "c" }),
    ];

    private static readonly SelectionCandidate[] ThreeCandidates = [new("a", 1000), new("b", 1000), new("c", 5000)];

    private static readonly Dictionary<(int, int), double> EachHelpsItsOwn = new() { [(0, 0)] = 10, [(1, 1)] = 50, [(2, 2)] = 1 };

    [Fact]
    public async Task Select_WeightsByCallsAndChoosesTheBiggestWeightedCutFirst()
    {
        var planner = new FixedPlanner(EachHelpsItsOwn);

        var result = await IndexSelection.SelectAsync(ThreeQueries, ThreeCandidates, new SelectionLimits(5, 1_000_000, 0.01), planner, default);

        Assert.Equal([1, 2, 0], result.Chosen.Select(c => c.Candidate));
        Assert.Equal(500, result.Chosen[0].Gain);
        Assert.Equal([10, 50, 1], result.Costs);
        Assert.Empty(result.Rejected);
    }

    [Fact]
    public async Task Select_StopsAtTheIndexCountAndRejectsTheRestWithThatReason()
    {
        var result = await IndexSelection.SelectAsync(ThreeQueries, ThreeCandidates, new SelectionLimits(1, 1_000_000, 0.01), new FixedPlanner(EachHelpsItsOwn), default);

        Assert.Equal([1], result.Chosen.Select(c => c.Candidate));
        Assert.All(result.Rejected, r => Assert.Equal(Rejection.IndexLimit, r.Reason));
        Assert.Equal([0, 2], result.Rejected.Select(r => r.Candidate));
    }

    [Fact]
    public async Task Select_KeepsWithinTheSizeBudget()
    {
        var result = await IndexSelection.SelectAsync(ThreeQueries, ThreeCandidates, new SelectionLimits(5, 2500, 0.01), new FixedPlanner(EachHelpsItsOwn), default);

        Assert.Equal([1, 0], result.Chosen.Select(c => c.Candidate));
        Assert.Equal(new RejectedIndex(2, Rejection.TooBig, 0), Assert.Single(result.Rejected));
    }

    [Fact]
    public async Task Select_RejectsCandidatesWithoutGainAndStopsBelowTheThreshold()
    {
        var costs = new Dictionary<(int, int), double> { [(1, 1)] = 50, [(2, 2)] = 99 };

        var result = await IndexSelection.SelectAsync(ThreeQueries, ThreeCandidates, new SelectionLimits(5, 1_000_000, 0.01), new FixedPlanner(costs), default);

        Assert.Equal([1], result.Chosen.Select(c => c.Candidate));
        Assert.Equal([new RejectedIndex(0, Rejection.NoGain, 0), new RejectedIndex(2, Rejection.BelowThreshold, 1)], result.Rejected);
    }

    [Fact]
    public async Task Select_ReplansWithTheChosenIndexes_SoASecondIndexForTheSameQueryMustAddToTheFirst()
    {
        var costs = new Dictionary<(int, int), double> { [(0, 1)] = 20, [(1, 1)] = 30 };
        var candidates = new SelectionCandidate[] { new("b", 1), new("b", 1) };

        var result = await IndexSelection.SelectAsync(ThreeQueries, candidates, new SelectionLimits(5, 1_000_000, 0.01), new FixedPlanner(costs), default);

        Assert.Equal([0], result.Chosen.Select(c => c.Candidate));
        Assert.Equal(new RejectedIndex(1, Rejection.NoGain, 700), Assert.Single(result.Rejected));
    }
}
