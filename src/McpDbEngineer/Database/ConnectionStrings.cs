using Npgsql;

namespace McpDbEngineer.Database;

/// <summary>Turns what a user configured (URI or Npgsql string) into an Npgsql connection string.</summary>
public static class ConnectionStrings
{
    public static NpgsqlConnectionStringBuilder Parse(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) ||
            trimmed.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return FromUri(trimmed);
        }

        try
        {
            return new NpgsqlConnectionStringBuilder(trimmed);
        }
        catch (ArgumentException e)
        {
            throw new ToolException($"The connection string is not valid: {e.Message}. Use a postgres:// URI or an Npgsql connection string (Host=...;Database=...;Username=...).");
        }
    }

    /// <summary>host:port/database as user@, never with the password.</summary>
    public static string Describe(NpgsqlConnectionStringBuilder builder) =>
        $"{builder.Username ?? "(default user)"}@{builder.Host ?? "localhost"}:{builder.Port}/{builder.Database ?? builder.Username}";

    private static NpgsqlConnectionStringBuilder FromUri(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            throw new ToolException("DATABASE_URL is not a valid URI. Expected postgres://user:password@host:port/database?sslmode=require");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Length == 0 ? "localhost" : uri.Host.Trim('[', ']'),
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
        };
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':');
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var val = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            switch (key.ToLowerInvariant())
            {
                case "sslmode":
                    builder.SslMode = val.ToLowerInvariant() switch
                    {
                        "disable" => SslMode.Disable,
                        "allow" => SslMode.Allow,
                        "prefer" => SslMode.Prefer,
                        "require" => SslMode.Require,
                        "verify-ca" => SslMode.VerifyCA,
                        "verify-full" => SslMode.VerifyFull,
                        _ => throw new ToolException($"Unknown sslmode '{val}' in DATABASE_URL."),
                    };
                    break;
                case "application_name":
                    builder.ApplicationName = val;
                    break;
                case "connect_timeout":
                    builder.Timeout = int.Parse(val, System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "host":
                    builder.Host = val;
                    break;
                default:
                    throw new ToolException($"Unsupported parameter '{key}' in DATABASE_URL; use --connection with an Npgsql connection string for advanced settings.");
            }
        }

        return builder;
    }
}
