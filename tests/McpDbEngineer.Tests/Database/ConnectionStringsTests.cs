using McpDbEngineer.Database;
using Npgsql;

namespace McpDbEngineer.Tests.Database;

public sealed class ConnectionStringsTests
{
    [Fact]
    public void Parse_ReadsEveryPartOfAPostgresUri()
    {
        var builder = ConnectionStrings.Parse("postgresql://app%40corp:p%3Ass@db.example.com:6543/shop?sslmode=require&application_name=agent");

        Assert.Equal("db.example.com", builder.Host);
        Assert.Equal(6543, builder.Port);
        Assert.Equal("shop", builder.Database);
        Assert.Equal("app@corp", builder.Username);
        Assert.Equal("p:ss", builder.Password);
        Assert.Equal(SslMode.Require, builder.SslMode);
        Assert.Equal("agent", builder.ApplicationName);
    }

    [Fact]
    public void Parse_AcceptsAnNpgsqlConnectionString()
    {
        var builder = ConnectionStrings.Parse("Host=localhost;Port=5433;Database=app;Username=me");

        Assert.Equal(5433, builder.Port);
        Assert.Equal("app", builder.Database);
    }

    [Fact]
    public void Describe_NeverShowsThePassword()
    {
        var builder = ConnectionStrings.Parse("postgres://me:topsecret@localhost/app");

        var description = ConnectionStrings.Describe(builder);

        Assert.Equal("me@localhost:5432/app", description);
    }

    [Fact]
    public void Parse_RejectsAnUnknownUriParameterWithGuidance()
    {
        var error = Assert.Throws<ToolException>(() => ConnectionStrings.Parse("postgres://me@localhost/app?frobnicate=1"));

        Assert.Contains("frobnicate", error.Message);
    }
}
