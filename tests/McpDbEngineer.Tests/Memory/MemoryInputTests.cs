using McpDbEngineer.Memory;

namespace McpDbEngineer.Tests.Memory;

/// <summary>The pure parts of memory: input checks, rank fusion, embedding settings.</summary>
public sealed class MemoryInputTests
{
    [Fact]
    public void Check_TidiesTagsAndDefaultsKindAndScope()
    {
        var memory = MemoryInput.Check(null, " Keys are uuids ", "Because.", "Keys, index ,keys", "orders", null, null, null, 8192);

        Assert.Equal("decision", memory.Kind);
        Assert.Equal("Keys are uuids", memory.Title);
        Assert.Equal(["index", "keys"], memory.Tags);
        Assert.Equal("default", memory.Scope);
    }

    [Fact]
    public void Check_CountsTheBodyInUtf8Bytes()
    {
        var error = Assert.Throws<ToolException>(() => MemoryInput.Check("note", "t", new string('é', 5000), null, null, null, null, null, 8192));

        Assert.Contains("10000 bytes; memories take at most 8192", error.Message);
    }

    [Fact]
    public void Check_RefusesAMultiLineTitle()
    {
        var error = Assert.Throws<ToolException>(() => MemoryInput.Check("note", "one\ntwo", "b", null, null, null, null, null, 8192));

        Assert.Contains("one line", error.Message);
    }

    [Fact]
    public void Since_ReadsDaysBackAndDates()
    {
        var now = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(now.AddDays(-7), MemoryInput.Since("7d", now));
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), MemoryInput.Since("2026-11-01", now));
        Assert.Throws<ToolException>(() => MemoryInput.Since("last week", now));
    }

    [Fact]
    public void Fuse_AgreementOfTwoSearchesBeatsOneFirstPlace()
    {
        Guid a = Guid.NewGuid(), b = Guid.NewGuid();

        var fused = RankFusion.Fuse([(SearchSignals.FullText, a, 1), (SearchSignals.FullText, b, 2), (SearchSignals.Vector, b, 2)]);

        Assert.Equal([b, a], fused.Select(h => h.Id));
        Assert.Equal(new Dictionary<SearchSignals, int> { [SearchSignals.FullText] = 2, [SearchSignals.Vector] = 2 }, fused[0].Places);
        Assert.Equal(1.0 / 62 + 2.0 / 62, fused[0].Score, 6);
    }

    [Fact]
    public void EmbeddingSettings_OpenAiNamesModelAndHost()
    {
        var options = new MemoryOptions { Embeddings = EmbeddingProvider.OpenAI, EmbeddingModel = "nomic-embed-text", EmbeddingEndpoint = "http://localhost:11434/v1" };

        Assert.Empty(MemoryEmbeddings.Problems(options));
        Assert.Equal("openai:nomic-embed-text@localhost", MemoryEmbeddings.ModelOf(options));
        Assert.Null(MemoryEmbeddings.ModelOf(new MemoryOptions { Embeddings = EmbeddingProvider.None }));
        Assert.Equal("all-MiniLM-L6-v2", MemoryEmbeddings.ModelOf(new MemoryOptions()));
    }

    [Fact]
    public void ParseSignals_DefaultsToAllAndRefusesUnknownOnes()
    {
        Assert.Equal(SearchSignals.All, MemoryWriter.ParseSignals(null));
        Assert.Equal(SearchSignals.FullText | SearchSignals.Vector, MemoryWriter.ParseSignals("fulltext, vector"));
        Assert.Throws<ToolException>(() => MemoryWriter.ParseSignals("bm25"));
    }
}
