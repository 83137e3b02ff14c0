namespace McpDbEngineer.Memory;

/// <summary>One stored memory as read back, with its place in a supersede chain.</summary>
public sealed record MemoryRecord(
    Guid Id,
    string Target,
    string Kind,
    string Title,
    string Body,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Objects,
    string Scope,
    string Author,
    string? SessionId,
    Guid? Supersedes,
    Guid? SupersededBy,
    DateTime CreatedAt,
    DateTime? ForgottenAt,
    bool HasVector);

/// <summary>Which memories a search or listing may show; null fields do not filter.</summary>
/// <param name="Objects">schema.table or schema.table.column; a table matches its columns too.</param>
/// <param name="AllTargets">Every database's memories, not only the current target's.</param>
/// <param name="IncludeForgotten">Forgotten and superseded memories too.</param>
public sealed record MemoryFilter(
    IReadOnlyList<string>? Kinds = null,
    IReadOnlyList<string>? Tags = null,
    IReadOnlyList<string>? Objects = null,
    string? Scope = null,
    string? Author = null,
    DateTimeOffset? Since = null,
    bool AllTargets = false,
    bool IncludeForgotten = false);

/// <summary>A memory to store, checked by <see cref="MemoryInput"/>; objects still as the agent wrote them.</summary>
public sealed record NewMemory(
    string Kind,
    string Title,
    string Body,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Objects,
    string Scope,
    string? Author,
    string? SessionId)
{
    /// <summary>What makes two memories the same one in a scope: their title and body, hashed.</summary>
    public string ContentHash => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
        System.Text.Encoding.UTF8.GetBytes(Title + "\u0000" + Body)));
}
