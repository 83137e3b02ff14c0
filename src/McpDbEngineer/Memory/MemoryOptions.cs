namespace McpDbEngineer.Memory;

/// <summary>How vectors are made for memory search.</summary>
public enum EmbeddingProvider
{
    /// <summary>all-MiniLM-L6-v2 in this process: no network, no key; loaded on the first call that needs a vector.</summary>
    Local,

    /// <summary>An OpenAI-compatible endpoint (OpenAI, Azure OpenAI, Ollama, vLLM).</summary>
    OpenAI,

    /// <summary>No vectors: full text and trigram similarity only.</summary>
    None,
}

/// <summary>Where decision memory lives and how it is searched (section "Memory", MEMORY_DATABASE_URL, --memory-url).</summary>
public sealed class MemoryOptions
{
    public const string Section = "Memory";

    /// <summary>
    /// The memory database (connection string or postgres:// URI). Empty: the target itself in read-write mode, else
    /// the database <see cref="LocalDatabase"/> on the embedded local cluster.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The database of the embedded local cluster that holds memory when nothing else may.</summary>
    public string LocalDatabase { get; set; } = "memory";

    public EmbeddingProvider Embeddings { get; set; } = EmbeddingProvider.Local;

    /// <summary>
    /// The folder holding all-MiniLM-L6-v2's model.onnx and vocab.txt (local provider); empty means models/all-MiniLM-L6-v2
    /// beside the executable, where the build puts them.
    /// </summary>
    public string? LocalModelDirectory { get; set; }

    /// <summary>The model's name at the endpoint (OpenAI provider), e.g. text-embedding-3-small or nomic-embed-text.</summary>
    public string? EmbeddingModel { get; set; }

    /// <summary>The endpoint's base URL (OpenAI provider); empty means api.openai.com.</summary>
    public string? EmbeddingEndpoint { get; set; }

    /// <summary>The endpoint's key (OpenAI provider); local servers such as Ollama take any.</summary>
    public string? EmbeddingApiKey { get; set; }

    /// <summary>The largest body remember takes, in bytes of UTF-8.</summary>
    public int MaxBodyBytes { get; set; } = 8 * 1024;
}
