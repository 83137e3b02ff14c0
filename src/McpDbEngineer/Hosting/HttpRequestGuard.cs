using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace McpDbEngineer.Hosting;

/// <summary>
/// Checks every HTTP request before the MCP endpoint sees it: the bearer token (401 without it) and the
/// browser Origin and Host headers (403 otherwise), so a web page cannot reach a local server by DNS rebinding.
/// </summary>
public sealed class HttpRequestGuard
{
    private readonly byte[]? _token;
    private readonly HashSet<string> _allowedOrigins;
    private readonly bool _loopbackOnly;

    public HttpRequestGuard(HttpOptions options, bool loopbackOnly)
    {
        _token = string.IsNullOrEmpty(options.Token) ? null : Encoding.UTF8.GetBytes(options.Token);
        _loopbackOnly = loopbackOnly;
        _allowedOrigins = new HashSet<string>(
            (options.AllowedOrigins ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(o => o.TrimEnd('/')),
            StringComparer.OrdinalIgnoreCase);
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Headers.Origin is { Count: > 0 } origin && !IsAllowedOrigin(origin.ToString()))
        {
            await RejectAsync(context, StatusCodes.Status403Forbidden, "Origin not allowed. Add it with --allowed-origins.");
            return;
        }

        if (_loopbackOnly && !IsLoopbackHost(context.Request.Host.Host))
        {
            await RejectAsync(context, StatusCodes.Status403Forbidden, "Host not allowed: this server only answers requests addressed to localhost.");
            return;
        }

        if (_token is not null && !HasToken(context.Request))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await RejectAsync(context, StatusCodes.Status401Unauthorized, "Missing or wrong bearer token.");
            return;
        }

        await next(context);
    }

    private bool HasToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = Encoding.UTF8.GetBytes(header[scheme.Length..].Trim());
        return CryptographicOperations.FixedTimeEquals(presented, _token);
    }

    private bool IsAllowedOrigin(string origin)
    {
        if (_allowedOrigins.Contains(origin.TrimEnd('/')))
        {
            return true;
        }

        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && IsLoopbackHost(uri.Host);
    }

    public static bool IsLoopbackHost(string host)
    {
        var trimmed = host.Trim('[', ']');
        return trimmed.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(trimmed, out var address) && IPAddress.IsLoopback(address));
    }

    private static Task RejectAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync(message);
    }
}
