using McpDbEngineer.Indexes;
using McpDbEngineer.Tests.Infrastructure;

namespace McpDbEngineer.Tests.Indexes;

public sealed class ReviewIndexesTests(HygieneDatabase database) : IClassFixture<HygieneDatabase>
{
    private async Task<string> ReviewAsync(string? schema, string? table = null)
    {
        await using var services = new ServerServices(database.ConnectionString);
        return IndexReviewWriter.Write(await services.Get<IndexReview>().ReviewAsync(schema, table, default));
    }

    [Fact]
    public async Task Review_HealthySchema_FindsNothing()
    {
        var text = await ReviewAsync("tidy");

        Assert.EndsWith("\nfindings: none\n", text);
    }

    [Fact]
    public async Task Review_StatesSinceWhenScansAreCountedAndThatBloatIsAnEstimate()
    {
        var text = await ReviewAsync("tidy");

        Assert.Matches(@"^scans counted since \d{4}-\d\d-\d\d \d\d:\d\dZ \(pg_stat_database\.stats_reset\); bloat is an estimate", text);
    }

    [Fact]
    public async Task Review_InvalidIndex_IsReportedWithReindexConcurrently()
    {
        var text = await ReviewAsync("messy");

        Assert.Contains("\ninvalid_index messy.events_kind_key: invalid (a failed CREATE INDEX or REINDEX CONCURRENTLY)", text);
        Assert.Contains("\n  → REINDEX INDEX CONCURRENTLY messy.events_kind_key;  -- remove the duplicate keys first or, if not needed: DROP INDEX CONCURRENTLY messy.events_kind_key;\n", text);
    }

    [Fact]
    public async Task Review_DuplicateIndexes_DropsOneAndKeepsTheOther()
    {
        var text = await ReviewAsync("messy");

        Assert.Contains("\nduplicate_index messy.events_v_idx: same as messy.events_v_again_idx (btree (v));", text);
        Assert.Contains("\n  → DROP INDEX CONCURRENTLY messy.events_v_idx;\n", text);
        Assert.DoesNotContain("\nduplicate_index messy.events_v_again_idx", text);
    }

    [Fact]
    public async Task Review_DuplicateOfAPrimaryKey_DropsTheDuplicateNeverTheKey()
    {
        var text = await ReviewAsync("messy");

        Assert.Contains("\nduplicate_index messy.accounts_id_idx: same as messy.accounts_pkey (btree (id));", text);
        Assert.DoesNotContain("DROP INDEX CONCURRENTLY messy.accounts_pkey", text);
    }

    [Fact]
    public async Task Review_PrefixIndex_IsRedundantToTheLongerOne()
    {
        var text = await ReviewAsync("messy");

        Assert.Contains("\nredundant_prefix_index messy.events_created_idx: (btree (created_at)) leads messy.events_created_kind_idx (btree (created_at, kind));", text);
        Assert.Contains("\n  → DROP INDEX CONCURRENTLY messy.events_created_idx;\n", text);
    }

    [Fact]
    public async Task Review_ForeignKeyWithoutIndex_ProposesTheIndex()
    {
        var text = await ReviewAsync("messy");

        Assert.Contains("\nfk_without_index messy.events (account_id): events_account_id_fkey → messy.accounts: each delete or key update there scans messy.events\n  → CREATE INDEX CONCURRENTLY ON messy.events (account_id);\n", text);
    }

    [Fact]
    public async Task Review_ReferencedTable_ReportsTheIncomingForeignKeyWithoutIndex()
    {
        var text = await ReviewAsync(null, "messy.accounts");

        Assert.Contains("\nfk_without_index messy.events (account_id): events_account_id_fkey → messy.accounts", text);
        Assert.DoesNotContain("events_v_idx", text);
    }

    [Fact]
    public async Task Review_UnusedIndex_GivesScansSinceTheResetAndSize()
    {
        var text = await ReviewAsync("messy");

        Assert.Matches(@"\nunused_index messy\.events_v_again_idx: 0 scans since \d{4}-\d\d-\d\d \d\d:\d\dZ; [\d.]+[kM]B \(btree \(v\)\)\n  → DROP INDEX CONCURRENTLY messy\.events_v_again_idx;", text);
    }

    [Fact]
    public async Task Review_LowSelectivityIndex_IsReportedWithTheDistinctCount()
    {
        var text = await ReviewAsync("messy");

        Assert.Contains("\nlow_selectivity_index messy.events_kind_idx: ~3 distinct values in 20000 rows (btree (kind))", text);
        Assert.Contains("\n  → DROP INDEX CONCURRENTLY messy.events_kind_idx;", text);
    }

    [Fact]
    public async Task Review_BloatedIndex_IsAnEstimateWithReindexConcurrently()
    {
        var text = await ReviewAsync("messy");

        Assert.Matches(@"\nbloated_index messy\.ledger_pkey: estimate: [\d.]+[kM]B where ~[\d.]+kB is expected for 10000 rows of ~4-byte keys\n  → REINDEX INDEX CONCURRENTLY messy\.ledger_pkey;\n", text);
    }

    [Fact]
    public async Task Review_NeverProposesDroppingAnIndexThatBacksAConstraintOrServesAForeignKey()
    {
        var text = await ReviewAsync(null);

        foreach (var index in new[] { "messy.accounts_pkey", "messy.accounts_email_key", "messy.events_pkey", "tidy.children_parent_id_idx", "public.orders_pkey" })
        {
            Assert.DoesNotContain($"DROP INDEX CONCURRENTLY {index};", text);
        }
    }

    [Fact]
    public async Task Review_UnknownTable_SaysWhichNamesExist()
    {
        var error = await Assert.ThrowsAsync<ToolException>(() => ReviewAsync(null, "messy.acounts"));

        Assert.Contains("Did you mean: messy.accounts", error.Message);
    }

    [Fact]
    public async Task ReviewIndexes_OverStdio_ReviewsOneTableReadOnly()
    {
        await using var client = await database.StartServerAsync();
        var tool = Assert.Single(await client.ListToolsAsync(), t => t.Name == "review_indexes");
        var text = await client.CallTextAsync("review_indexes", new Dictionary<string, object?> { ["schema"] = "messy", ["table"] = "events" });

        Assert.True(tool.ProtocolTool.Annotations?.ReadOnlyHint);
        Assert.Contains("\nduplicate_index messy.events_v_idx: same as messy.events_v_again_idx", text);
        Assert.DoesNotContain("ledger", text);
    }
}
