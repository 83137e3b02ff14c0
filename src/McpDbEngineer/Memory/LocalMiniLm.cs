using Microsoft.Extensions.AI;

namespace McpDbEngineer.Memory;

/// <summary>
/// all-MiniLM-L6-v2 (384 dimensions) as an <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/>, read from files in a
/// directory: the build puts them in models/all-MiniLM-L6-v2 beside the executable
/// (Memory/MiniLmModel.targets), so its 90 MB of weights cost a session nothing until it first needs a vector. Loading
/// takes a few hundred milliseconds and about 170 MB.
/// </summary>
public sealed class LocalMiniLm(string directory) : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ModelName = "all-MiniLM-L6-v2";

    /// <summary>models/all-MiniLM-L6-v2 beside the executable (the AOT binary, or the dll in a JIT build).</summary>
    public static string DefaultDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "models", ModelName);

    private readonly Lazy<MiniLmEncoder> _encoder = new(() => MiniLmEncoder.Load(directory), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Lock _encoding = new();

    /// <summary>The model's files that are not in <paramref name="directory"/> (full paths); empty when it can load.</summary>
    public static IReadOnlyList<string> MissingFiles(string directory) =>
        [.. new[] { MiniLmEncoder.ModelFile, MiniLmEncoder.VocabularyFile }.Select(f => Path.Combine(directory, f)).Where(p => !File.Exists(p))];

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.Run(() =>
        {
            var texts = values.ToArray();
            float[][] vectors;
            // One ONNX session, used by one caller at a time: batches are small and the session's threads use every core.
            lock (_encoding)
            {
                vectors = _encoder.Value.Encode(texts, cancellationToken);
            }

            return new GeneratedEmbeddings<Embedding<float>>(vectors.Select(v => new Embedding<float>(v) { ModelId = ModelName }));
        }, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
        if (_encoder.IsValueCreated)
        {
            _encoder.Value.Dispose();
        }
    }
}
