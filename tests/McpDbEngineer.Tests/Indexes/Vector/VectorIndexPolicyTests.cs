using McpDbEngineer.Indexes.Vector;

namespace McpDbEngineer.Tests.Indexes.Vector;

/// <summary>The decision table of recommend_vector_index, case by case, without a database.</summary>
public sealed class VectorIndexPolicyTests
{
    private static VectorColumnFacts Facts(
        double rows = 500_000, int? dims = 768, string type = "vector", double writes = 0, long mwmKb = 64 * 1024, string version = "0.8.0",
        IReadOnlyList<OperatorUse>? operators = null, IReadOnlyList<string>? filters = null, IReadOnlyList<ExistingVectorIndex>? indexes = null) =>
        new("public.items", "embedding", type, dims, true, rows, writes, mwmKb, 2, 8, version,
            indexes ?? [], operators ?? [new OperatorUse("<->", 1000)], filters ?? [], "pg_stat_statements: 1 statements on embedding");

    private static readonly VectorGoals Goals = new(0.95, null, 10, null);

    private static VectorRule Rule(VectorIndexPlan plan, string id) => Assert.Single(plan.Rules, r => r.Id == id);

    [Fact]
    public void SmallTable_NoIndex_ExactScan()
    {
        var plan = VectorIndexPolicy.Decide(Facts(rows: 5_000, writes: 100), Goals);

        Assert.Equal("none", plan.Method);
        Assert.Null(plan.CreateIndex);
        Assert.Equal("pgvector README, Indexing", Rule(plan, "small_table").Source);
    }

    [Fact]
    public void NoDataYet_Hnsw_BecauseIvfflatWouldTrainOnNothing()
    {
        var plan = VectorIndexPolicy.Decide(Facts(rows: 0), Goals);

        Assert.Equal("hnsw", plan.Method);
        Assert.Contains("training", Rule(plan, "no_data").Text);
    }

    [Fact]
    public void HighWriteRate_Hnsw_EvenWhereIvfflatWouldBuildCheaper()
    {
        var plan = VectorIndexPolicy.Decide(Facts(rows: 5_000_000, writes: 50), Goals);

        Assert.Equal("hnsw", plan.Method);
        Assert.Equal("pgvector README, HNSW; IVFFlat", Rule(plan, "write_rate").Source);
    }

    [Fact]
    public void LargeStaticTableWhoseGraphDoesNotFit_Ivfflat_WithListsProbesAndBuildAfterLoad()
    {
        var plan = VectorIndexPolicy.Decide(Facts(rows: 4_000_000, writes: 0.01), Goals);

        Assert.Equal("ivfflat", plan.Method);
        Assert.Equal(new IvfflatParameters(2000, 45), plan.Ivfflat);
        Assert.Contains("SET ivfflat.probes = 45", plan.SearchSettings);
        Assert.Equal("pgvector README, IVFFlat", Rule(plan, "ivfflat_after_load").Source);
        Assert.Equal("CREATE INDEX CONCURRENTLY ON public.items USING ivfflat (embedding vector_l2_ops) WITH (lists = 2000)", plan.CreateIndex);
    }

    [Fact]
    public void MediumTable_HnswWithDefaults_AndEfSearchForTheTarget()
    {
        var plan = VectorIndexPolicy.Decide(Facts(), Goals);

        Assert.Equal("hnsw", plan.Method);
        Assert.Equal(new HnswParameters(16, 64, 100), plan.Hnsw);
        Assert.Equal("pgvector README, HNSW > Index Options", Rule(plan, "hnsw_options").Source);
        Assert.Equal("pgvector README, HNSW > Query Options", Rule(plan, "ef_search").Source);
        Assert.Equal("CREATE INDEX CONCURRENTLY ON public.items USING hnsw (embedding vector_l2_ops) WITH (m = 16, ef_construction = 64)", plan.CreateIndex);
    }

    [Fact]
    public void HighRecallTarget_RaisesMAndEfConstruction()
    {
        var plan = VectorIndexPolicy.Decide(Facts(), Goals with { TargetRecall = 0.99 });

        Assert.Equal(new HnswParameters(32, 128, 200), plan.Hnsw);
    }

    [Theory]
    [InlineData("<->", "vector_l2_ops")]
    [InlineData("<#>", "vector_ip_ops")]
    [InlineData("<=>", "vector_cosine_ops")]
    [InlineData("<+>", "vector_l1_ops")]
    public void OperatorClass_FollowsTheWorkloadsDistance(string op, string opClass)
    {
        var plan = VectorIndexPolicy.Decide(Facts(operators: [new OperatorUse(op, 10)]), Goals);

        Assert.Equal(opClass, plan.OperatorClass);
        Assert.Equal($"embedding {op} $1", plan.OrderBy);
    }

    [Fact]
    public void L1Distance_HnswOnly_EvenForALargeStaticTable()
    {
        var plan = VectorIndexPolicy.Decide(Facts(rows: 4_000_000, operators: [new OperatorUse("<+>", 10)]), Goals);

        Assert.Equal("hnsw", plan.Method);
        Assert.Contains("IVFFlat has no operator class for <+>", Rule(plan, "hnsw_only").Text);
    }

    [Fact]
    public void GivenDistance_WinsOverTheWorkload_AndHalfvecGetsItsOwnOperatorClass()
    {
        var plan = VectorIndexPolicy.Decide(Facts(type: "halfvec"), Goals with { Distance = VectorDistance.Parse("cosine") });

        Assert.Equal("halfvec_cosine_ops", plan.OperatorClass);
    }

    [Fact]
    public void AboveTwoThousandDimensions_IndexesTheHalfvecCast()
    {
        var plan = VectorIndexPolicy.Decide(Facts(dims: 3072, operators: [new OperatorUse("<=>", 10)]), Goals);

        Assert.Equal("(embedding::halfvec(3072))", plan.IndexExpression);
        Assert.Equal("halfvec_cosine_ops", plan.OperatorClass);
        Assert.Equal("embedding::halfvec(3072) <=> $1::halfvec(3072)", plan.OrderBy);
        Assert.Equal("pgvector README, Half-Precision Indexing", Rule(plan, "halfvec").Source);
    }

    [Fact]
    public void AboveFourThousandDimensions_BinaryQuantizationWithReRanking()
    {
        var plan = VectorIndexPolicy.Decide(Facts(dims: 8192), Goals);

        Assert.Equal("(binary_quantize(embedding)::bit(8192))", plan.IndexExpression);
        Assert.Equal("bit_hamming_ops", plan.OperatorClass);
        Assert.Contains("re-rank", Rule(plan, "binary_quantization").Text);
        Assert.Equal("pgvector README, Binary Quantization", Rule(plan, "binary_quantization").Source);
    }

    [Fact]
    public void Filters_IterativeScansFromPgvector08()
    {
        var plan = VectorIndexPolicy.Decide(Facts(filters: ["category_id"]), Goals);

        Assert.Contains("SET hnsw.iterative_scan = strict_order", plan.SearchSettings);
        Assert.Equal("pgvector README, Iterative Index Scans", Rule(plan, "iterative_scan").Source);
        Assert.Equal("pgvector README, Filtering", Rule(plan, "filter_index").Source);
    }

    [Fact]
    public void Filters_BeforePgvector08_SayToUpgrade()
    {
        var plan = VectorIndexPolicy.Decide(Facts(filters: ["category_id"], version: "0.7.4"), Goals);

        Assert.DoesNotContain(plan.SearchSettings, s => s.Contains("iterative_scan", StringComparison.Ordinal));
        Assert.Contains("ALTER EXTENSION vector UPDATE", Rule(plan, "iterative_scan").Text);
    }

    [Fact]
    public void MaintenanceWorkMemTooSmall_SaysSoAndHowMuch()
    {
        var plan = VectorIndexPolicy.Decide(Facts(rows: 500_000, dims: 768, mwmKb: 64 * 1024), Goals);

        Assert.False(plan.Build!.FitsMaintenanceWorkMem);
        var rule = Rule(plan, "maintenance_work_mem");
        Assert.Contains("but maintenance_work_mem is 64MB", rule.Text);
        Assert.Contains("SET maintenance_work_mem = '", rule.Text);
        Assert.Equal("pgvector README, HNSW > Index Build Time", rule.Source);
    }

    [Fact]
    public void MaintenanceWorkMemLargeEnough_Fits()
    {
        var plan = VectorIndexPolicy.Decide(Facts(rows: 50_000, dims: 128, mwmKb: 1024 * 1024), Goals);

        Assert.True(plan.Build!.FitsMaintenanceWorkMem);
        Assert.Contains("it fits", Rule(plan, "maintenance_work_mem").Text);
    }

    [Fact]
    public void LargeTable_AsksForParallelWorkers()
    {
        var plan = VectorIndexPolicy.Decide(Facts(rows: 500_000), Goals);

        Assert.Equal(7, plan.Build!.Workers);
        Assert.Contains("SET max_parallel_maintenance_workers = 7", Rule(plan, "parallel_build").Text);
    }

    [Fact]
    public void ExistingIndexForTheDistance_BuildsNothing()
    {
        var plan = VectorIndexPolicy.Decide(
            Facts(indexes: [new ExistingVectorIndex("items_embedding_idx", "hnsw", "vector_l2_ops", "CREATE INDEX …", 1 << 20)]), Goals);

        Assert.Null(plan.CreateIndex);
        Assert.Contains("items_embedding_idx", Rule(plan, "already_indexed").Text);
    }

    [Fact]
    public void SparseVectors_HnswOnly()
    {
        var plan = VectorIndexPolicy.Decide(Facts(type: "sparsevec", dims: 30_000, rows: 4_000_000), Goals);

        Assert.Equal("hnsw", plan.Method);
        Assert.Equal("sparsevec_l2_ops", plan.OperatorClass);
        Assert.Equal("pgvector README, Sparse Vectors", Rule(plan, "sparsevec").Source);
    }

    [Fact]
    public void EveryRule_CitesPgvectorsReadme()
    {
        foreach (var facts in new[] { Facts(), Facts(rows: 5_000), Facts(rows: 4_000_000), Facts(dims: 3000, filters: ["a"]), Facts(dims: 9000, version: "0.5.0", filters: ["a"]) })
        {
            Assert.All(VectorIndexPolicy.Decide(facts, Goals).Rules, r => Assert.StartsWith("pgvector README, ", r.Source));
        }
    }

    [Fact]
    public void Workload_ReadsDistancesOnTheColumnAndTheFiltersBesideThem()
    {
        var (operators, filters) = VectorWorkload.Read(
            [
                ("SELECT id FROM items WHERE category_id = $1 AND NOT archived ORDER BY embedding <=> $2 LIMIT $3", 40),
                ("SELECT id FROM items ORDER BY embedding::halfvec(3) <-> $1 LIMIT 5", 10),
                ("SELECT id FROM items ORDER BY other_vector <#> $1 LIMIT 5", 99),
                ("not sql at all <->", 5),
            ],
            "embedding");

        Assert.Equal([new OperatorUse("<=>", 40), new OperatorUse("<->", 10)], operators);
        Assert.Equal(["archived", "category_id"], filters);
    }

    [Fact]
    public void QueryVectors_AreCheckedForTheColumnsDimensions()
    {
        var facts = Facts(dims: 3);

        Assert.Equal([1f, 2f, 3.5f], VectorIndexAdvisor.QueryVectors(["[1, 2,3.5]"], facts)[0].ToArray());
        Assert.Contains("has 2 dimensions; embedding has 3", Assert.Throws<ToolException>(() => VectorIndexAdvisor.QueryVectors(["[1,2]"], facts)).Message);
        Assert.Contains("not a vector", Assert.Throws<ToolException>(() => VectorIndexAdvisor.QueryVectors(["1,2,3"], facts)).Message);
    }
}
