using McpDbEngineer.Database;
using McpDbEngineer.Safety;
using McpDbEngineer.Safety.Guard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpDbEngineer.Hosting;

/// <summary>The Streamable HTTP transport at /mcp, loopback by default.</summary>
public static class HttpServer
{
    public const string Path = "/mcp";

    public static async Task<int> RunAsync(IConfigurationRoot configuration)
    {
        var options = configuration.GetSection(HttpOptions.Section).Get<HttpOptions>() ?? new HttpOptions();
        var urls = options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var loopbackOnly = urls.All(IsLoopbackUrl);
        if (!loopbackOnly && string.IsNullOrEmpty(options.Token))
        {
            await Console.Error.WriteLineAsync(
                $"Refusing to listen on {options.Urls} without a bearer token: anyone who can reach it could query your database. " +
                "Set --http-token (or MCPDB_HTTP__TOKEN), or bind 127.0.0.1.");
            return 2;
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("ModelContextProtocol", LogLevel.Warning);
        builder.WebHost.UseUrls(urls);
        // Sessions: a destructive statement asks the human through elicitation, a request from the server to the
        // client in the middle of a tool call, which the stateless mode (the SDK's default) cannot make.
        builder.Services.AddDbEngineer(configuration).AddMcpServer().WithHttpTransport(http => http.Stateless = false);

        var app = builder.Build();
        var guard = new HttpRequestGuard(options, loopbackOnly);
        app.Use(guard.InvokeAsync);
        app.MapMcp(Path);
        app.Services.GetRequiredService<ConnectionRisk>().Warm();
        await app.RunAsync();
        return 0;
    }

    private static bool IsLoopbackUrl(string url) =>
        Uri.TryCreate(url.Replace("*", "0.0.0.0", StringComparison.Ordinal).Replace("+", "0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
        && HttpRequestGuard.IsLoopbackHost(uri.Host);
}
