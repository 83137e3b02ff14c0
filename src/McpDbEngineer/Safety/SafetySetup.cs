using McpDbEngineer.Safety.Vetting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace McpDbEngineer.Safety;

/// <summary>The guard every tool that runs SQL goes through: its options, vetting, audit, and the connection check.</summary>
public static class SafetySetup
{
    public static IMcpServerBuilder AddGuard(this IMcpServerBuilder builder, IConfiguration configuration)
    {
        builder.Services.Configure<SafetyOptions>(configuration.GetSection(SafetyOptions.Section));
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<CodeVetter>();
        builder.Services.AddSingleton<ConnectionRisk>();
        builder.Services.AddSingleton<SqlGuard>();
        return builder.WithMessageFilters(filters => filters.AddOutgoingFilter(ConnectionRisk.AddToInitializeAnswer));
    }
}
