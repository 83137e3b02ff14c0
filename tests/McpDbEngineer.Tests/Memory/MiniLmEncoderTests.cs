using System.Globalization;
using McpDbEngineer.Memory;
using McpDbEngineer.Tests.Infrastructure;

namespace McpDbEngineer.Tests.Memory;

/// <summary>
/// The local model read from the files the build puts beside the program: its vectors must be those of the packaged
/// encoder it replaced (MiniLmReferenceVectors.txt), or memories stored before would no longer be found by meaning.
/// </summary>
public sealed class MiniLmEncoderTests
{
    /// <summary>Float noise allowed per component (another ONNX Runtime build may round differently).</summary>
    private const float Tolerance = 1e-6f;

    private static readonly (string Text, float[] Vector)[] Reference = ReadReference();

    [Fact]
    public void Encode_GivesTheVectorsOfThePackagedEncoder_OneTextAtATime()
    {
        using var encoder = MiniLmEncoder.Load(LocalMiniLm.DefaultDirectory);

        foreach (var (text, expected) in Reference)
        {
            AssertClose(expected, encoder.Encode([text], CancellationToken.None)[0], text);
        }
    }

    [Fact]
    public void Encode_GivesTheSameVectorsInOneBatchPaddedToTheLongest()
    {
        using var encoder = MiniLmEncoder.Load(LocalMiniLm.DefaultDirectory);

        var vectors = encoder.Encode([.. Reference.Select(r => r.Text)], CancellationToken.None);

        for (var i = 0; i < Reference.Length; i++)
        {
            AssertClose(Reference[i].Vector, vectors[i], Reference[i].Text);
        }
    }

    [Fact]
    public void MeanPooling_AveragesTheRealTokensOnlyAndScalesToLengthOne()
    {
        // Two texts of up to three tokens, two dimensions; the second text's last token is padding.
        float[] tokens = [3, 0, 0, 4, 3, 4, /* second text */ 1, 1, 3, 3, 100, -100];
        long[] mask = [1, 1, 1, 1, 1, 0];

        var vectors = MiniLmEncoder.MeanPooledUnitVectors(tokens, mask, texts: 2, length: 3);

        AssertClose([0.6f, 0.8f], vectors[0], "first");
        AssertClose([MathF.Sqrt(0.5f), MathF.Sqrt(0.5f)], vectors[1], "second");
    }

    [Fact]
    public void MissingFiles_NamesEachFileThatIsNotThere()
    {
        var empty = Directory.CreateTempSubdirectory("minilm").FullName;
        try
        {
            Assert.Empty(LocalMiniLm.MissingFiles(LocalMiniLm.DefaultDirectory));
            Assert.Equal([Path.Combine(empty, "model.onnx"), Path.Combine(empty, "vocab.txt")], LocalMiniLm.MissingFiles(empty));
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    private static void AssertClose(float[] expected, float[] actual, string text)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (e, a) => MathF.Abs(e - a)).Max();
        Assert.True(worst <= Tolerance, $"'{text}': a component differs by {worst} from the packaged encoder's vector");
    }

    private static (string, float[])[] ReadReference()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "tests/McpDbEngineer.Tests/Memory/MiniLmReferenceVectors.txt"))
            .Where(l => !l.StartsWith('#')).ToArray();
        return [.. lines.Chunk(2).Select(pair => (
            pair[0].Replace("\\n", "\n", StringComparison.Ordinal),
            pair[1].Split(' ').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()))];
    }
}
