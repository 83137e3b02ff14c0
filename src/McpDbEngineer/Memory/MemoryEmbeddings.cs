using System.ClientModel;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;

namespace McpDbEngineer.Memory;

/// <summary>
/// The embedding generator memory is configured with, created on the first call that needs a vector. Its
/// <see cref="Model"/> names the vectors' origin in the store; vectors of two models are never compared.
/// </summary>
public sealed class MemoryEmbeddings(IOptions<MemoryOptions> options) : IDisposable
{
    private readonly MemoryOptions _options = options.Value;
    private readonly Lock _gate = new();
    private IEmbeddingGenerator<string, Embedding<float>>? _generator;

    public bool Enabled => _options.Embeddings != EmbeddingProvider.None;

    /// <summary>The model as recorded in the store: "all-MiniLM-L6-v2", "openai:text-embedding-3-small@host"; null when off.</summary>
    public string? Model => ModelOf(_options);

    public static string? ModelOf(MemoryOptions options) => options.Embeddings switch
    {
        EmbeddingProvider.Local => LocalMiniLm.ModelName,
        EmbeddingProvider.OpenAI => $"openai:{options.EmbeddingModel}@{EndpointOf(options).Host}",
        _ => null,
    };

    /// <summary>What is wrong with the embedding settings, in words (checked at start, before anything loads).</summary>
    public static IReadOnlyList<string> Problems(MemoryOptions options)
    {
        var problems = new List<string>();
        if (options.Embeddings == EmbeddingProvider.OpenAI)
        {
            if (string.IsNullOrWhiteSpace(options.EmbeddingModel))
            {
                problems.Add("Memory:Embeddings=openai needs Memory:EmbeddingModel (--embedding-model), e.g. text-embedding-3-small or nomic-embed-text.");
            }

            if (!string.IsNullOrWhiteSpace(options.EmbeddingEndpoint) &&
                (!Uri.TryCreate(options.EmbeddingEndpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https")))
            {
                problems.Add($"Memory:EmbeddingEndpoint must be an http(s) URL such as http://localhost:11434/v1; got '{options.EmbeddingEndpoint}'.");
            }
        }

        if (options.MaxBodyBytes <= 0)
        {
            problems.Add($"Memory:MaxBodyBytes must be a positive number; got {options.MaxBodyBytes}.");
        }

        return problems;
    }

    /// <summary>The folder the local model is read from.</summary>
    private string LocalModelDirectory => string.IsNullOrWhiteSpace(_options.LocalModelDirectory) ? LocalMiniLm.DefaultDirectory : _options.LocalModelDirectory;

    /// <summary>
    /// Why no vector can be made although embeddings are on: the local model's files are missing (a copied executable
    /// without its models folder). Null when vectors can be made or embeddings are off. Memory then works by words.
    /// </summary>
    public string? Unavailable()
    {
        if (_options.Embeddings != EmbeddingProvider.Local || LocalMiniLm.MissingFiles(LocalModelDirectory) is not { Count: > 0 } missing)
        {
            return null;
        }

        return $"the local embedding model {LocalMiniLm.ModelName} is missing ({string.Join(", ", missing)} not found). " +
            "Build or publish the server again (dotnet build, or scripts/publish.sh: they put models/all-MiniLM-L6-v2 beside the executable), " +
            "or point --embedding-model-dir at a folder holding model.onnx and vocab.txt; until then memory searches by words and trigrams, " +
            "and `mcp-db-engineer memory reembed` gives vectors to what was stored meanwhile";
    }

    /// <summary>One vector per text, from the configured model (loaded now if it is not yet); null when embeddings are off.</summary>
    public async Task<float[][]?> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return null;
        }

        if (Unavailable() is { } why)
        {
            throw new ToolException($"No vectors can be made: {why}.");
        }

        try
        {
            var embeddings = await Generator().GenerateAsync(texts, cancellationToken: cancellationToken);
            return [.. embeddings.Select(e => e.Vector.ToArray())];
        }
        catch (Exception e) when (e is not OperationCanceledException and not ToolException)
        {
            throw new ToolException(
                $"The embedding model {Model} failed ({e.Message}). Fix Memory:Embedding* settings, or run with --embeddings none to search by words only.", e);
        }
    }

    private IEmbeddingGenerator<string, Embedding<float>> Generator()
    {
        lock (_gate)
        {
            return _generator ??= _options.Embeddings switch
            {
                EmbeddingProvider.OpenAI => new OpenAIClient(
                        new ApiKeyCredential(string.IsNullOrWhiteSpace(_options.EmbeddingApiKey) ? "none" : _options.EmbeddingApiKey),
                        new OpenAIClientOptions { Endpoint = EndpointOf(_options) })
                    .GetEmbeddingClient(_options.EmbeddingModel)
                    .AsIEmbeddingGenerator(),
                _ => new LocalMiniLm(LocalModelDirectory),
            };
        }
    }

    private static Uri EndpointOf(MemoryOptions options) =>
        string.IsNullOrWhiteSpace(options.EmbeddingEndpoint) ? new Uri("https://api.openai.com/v1") : new Uri(options.EmbeddingEndpoint);

    public void Dispose()
    {
        lock (_gate)
        {
            _generator?.Dispose();
        }
    }
}
