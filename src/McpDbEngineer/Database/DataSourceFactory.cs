using Npgsql;

namespace McpDbEngineer.Database;

/// <summary>Builds the one NpgsqlDataSource of the process (slim builder: trimming and Native AOT friendly).</summary>
public static class DataSourceFactory
{
    public static NpgsqlDataSource Create(NpgsqlConnectionStringBuilder connection, DatabaseOptions options)
    {
        connection.ApplicationName ??= options.ApplicationName;
        connection.Timeout = options.ConnectTimeoutSeconds;
        connection.CommandTimeout = options.CommandTimeoutSeconds + 5; // the server-side statement_timeout fires first
        connection.IncludeErrorDetail = true;
        // The shadow copy runs pg_dump with the same login, so the data source keeps the password it was given.
        connection.PersistSecurityInfo = true;

        var builder = new NpgsqlSlimDataSourceBuilder(connection.ConnectionString);
        builder.EnableArrays();
        builder.EnableRanges();
        builder.EnableJsonTypes();
        builder.EnableRecords();
        // Not EnableExtraConversions: with it, Npgsql 10 binds plain string parameters as bit strings.
        // Text parameters are what every catalog query here passes.
        builder.UseVector();
        return builder.Build();
    }
}
