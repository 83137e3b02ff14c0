namespace McpDbEngineer.Safety.Audit;

/// <summary>One statement the server was asked to run, what it decided and what happened.</summary>
public sealed record AuditEntry(
    DateTimeOffset At,
    string Tool,
    string? Client,
    string Statement,
    string Classification,
    string Decision,
    double? DurationMs,
    string Outcome);
