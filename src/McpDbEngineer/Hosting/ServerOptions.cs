namespace McpDbEngineer.Hosting;

public enum TransportKind
{
    Stdio,
    Http,
}

/// <summary>How the server talks to its client.</summary>
public sealed class ServerOptions
{
    public const string Section = "Server";

    public TransportKind Transport { get; set; } = TransportKind.Stdio;
}

/// <summary>The Streamable HTTP endpoint: where it listens and who may call it.</summary>
public sealed class HttpOptions
{
    public const string Section = "Http";

    public string Urls { get; set; } = "http://127.0.0.1:8080";

    /// <summary>When set, every request must carry "Authorization: Bearer &lt;token&gt;".</summary>
    public string? Token { get; set; }

    /// <summary>Extra browser origins allowed besides localhost, comma separated (e.g. https://app.example.com).</summary>
    public string? AllowedOrigins { get; set; }
}
