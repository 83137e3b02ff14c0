using System.Text.Json.Nodes;
using McpDbEngineer.Safety.Audit;
using McpDbEngineer.Safety.Guard;
using McpDbEngineer.Safety.Vetting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

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
        return builder.WithMessageFilters(filters => filters.AddOutgoingFilter(AddConnectionRiskToInitializeAnswer));
    }

    /// <summary>Puts the connection warning, if any, in front of the instructions the server gives at <c>initialize</c>.</summary>
    private static McpMessageHandler AddConnectionRiskToInitializeAnswer(McpMessageHandler next) => async (context, cancellationToken) =>
    {
        // The answer that carries the server's capabilities and instructions: initialize (or, in newer protocol versions, discovery).
        if (context.JsonRpcMessage is JsonRpcResponse { Result: JsonObject result } && result.ContainsKey("capabilities") && result["instructions"] is JsonValue
            && context.Services?.GetService<ConnectionRisk>() is { } risk
            && await risk.WarningForInitializeAsync(cancellationToken) is { } warning)
        {
            result["instructions"] = warning + "\n\n" + (string?)result["instructions"];
        }

        await next(context, cancellationToken);
    };
}
