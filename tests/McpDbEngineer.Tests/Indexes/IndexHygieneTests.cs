using McpDbEngineer.Indexes;

namespace McpDbEngineer.Tests.Indexes;

/// <summary>The hygiene rules alone, from facts written here: no database.</summary>
public sealed class IndexHygieneTests
{
    private static ReviewedIndex Index(string name, short column, bool unique = false, bool backsConstraint = false, long scans = 0, string table = "public.t") => new(
        table, name, "btree", $"btree (c{column})", [$"{column} 1978 0 0"], [column], 1, "", "", unique, Valid: true, ReplicaIdentity: false, backsConstraint,
        scans, Bytes: 8192, Pages: 1, TableRows: 100_000, KeyWidth: 4, LeadDistinct: 2);

    private static IReadOnlyList<McpDbEngineer.Answers.Finding> Judge(ReviewedIndex[] indexes, params ReviewedForeignKey[] foreignKeys) =>
        IndexHygiene.Judge(new IndexReviewFacts(null, indexes, foreignKeys));

    [Fact]
    public void Judge_UnusedLowSelectivityIndexThatBacksAConstraint_IsNeverProposedForDropping()
    {
        var findings = Judge([Index("public.t_pkey", 1, unique: true, backsConstraint: true), Index("public.t_code_key", 2, unique: true)]);

        Assert.Empty(findings);
    }

    [Fact]
    public void Judge_TwoIdenticalIndexesOneBackingAConstraint_DropsOnlyTheOther()
    {
        var findings = Judge([Index("public.t_a_idx", 1, scans: 50), Index("public.t_pkey", 1, unique: true, backsConstraint: true)]);

        var finding = Assert.Single(findings);
        Assert.Equal(("duplicate_index", "public.t_a_idx", "DROP INDEX CONCURRENTLY public.t_a_idx;"), (finding.Kind, finding.Subject, finding.Action));
    }

    [Fact]
    public void Judge_UnusedIndexThatServesAForeignKey_IsKept()
    {
        var fk = new ReviewedForeignKey("t_c3_fkey", "public.t", "c3", "public.p", [3], [[3]]);

        var findings = Judge([Index("public.t_c3_idx", 3)], fk);

        Assert.Empty(findings);
    }

    [Fact]
    public void Judge_UnusedIndexWithoutStatsReset_SaysSinceTheClusterStarted()
    {
        var findings = Judge([Index("public.t_c3_idx", 3) with { LeadDistinct = null }]);

        var finding = Assert.Single(findings);
        Assert.Equal("unused_index", finding.Kind);
        Assert.StartsWith("0 scans since the cluster started (statistics never reset);", finding.Evidence);
    }
}
