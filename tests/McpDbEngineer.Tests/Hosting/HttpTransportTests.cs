using System.Net;
using McpDbEngineer.Tests.Infrastructure;

namespace McpDbEngineer.Tests.Hosting;

public sealed class HttpTransportTests(SampleDatabaseFixture database) : IClassFixture<SampleDatabaseFixture>
{
    private const string InitializeBody =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";

    [Fact]
    public async Task Http_ClientListsAndCallsToolsWithTheToken()
    {
        await using var server = await ServerProcess.StartHttpAsync(database.ConnectionString, "--http-token", "t0ken");
        await using var client = await server.ConnectAsync("t0ken");

        var tools = await client.ListToolsAsync();
        var text = await client.CallTextAsync("list_schemas");

        Assert.Contains(tools, t => t.Name == "list_schemas");
        Assert.Contains("public\t", text);
    }

    [Fact]
    public async Task Http_RequestWithoutTheTokenGets401()
    {
        await using var server = await ServerProcess.StartHttpAsync(database.ConnectionString, "--http-token", "t0ken");
        using var http = new HttpClient();

        using var missing = await http.SendAsync(Initialize(server.Endpoint));
        using var wrong = await http.SendAsync(Initialize(server.Endpoint, authorization: "Bearer nope"));

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Fact]
    public async Task Http_ForeignOriginGets403AndLocalOriginIsServed()
    {
        await using var server = await ServerProcess.StartHttpAsync(database.ConnectionString);
        using var http = new HttpClient();

        using var foreign = await http.SendAsync(Initialize(server.Endpoint, origin: "http://evil.example"));
        using var local = await http.SendAsync(Initialize(server.Endpoint, origin: $"http://localhost:{server.Endpoint.Port}"));

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
    }

    [Fact]
    public async Task Http_RebindedHostNameGets403()
    {
        await using var server = await ServerProcess.StartHttpAsync(database.ConnectionString);
        using var http = new HttpClient();
        var request = Initialize(server.Endpoint);
        request.Headers.Host = "attacker.example";

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Http_NonLoopbackBindWithoutTokenIsRefusedAtStart()
    {
        await using var server = await ServerProcess.StartHttpAsync(database.ConnectionString, "--urls", "http://0.0.0.0:0");

        await server.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, server.Process.ExitCode);
        Assert.Contains("without a bearer token", server.StandardError);
    }

    private static HttpRequestMessage Initialize(Uri endpoint, string? origin = null, string? authorization = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new StringContent(InitializeBody, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return request;
    }
}
