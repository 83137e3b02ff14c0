using System.ComponentModel;
using ModelContextProtocol.Server;

namespace McpDbEngineer.Memory;

/// <summary>MCP adapters for decision memory: bind arguments, call <see cref="MemoryService"/>, write the answer.</summary>
[McpServerToolType]
public sealed class MemoryTools(MemoryService memory)
{
    private const string Kinds = "decision|pattern|finding|task|note";

    [McpServerTool(Name = "remember", ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("Store a decision or other memory for later sessions; same title+body stored once. Returns its id.")]
    public async Task<string> Remember(
        McpServer server,
        [Description("One line.")] string title,
        [Description("What and why (max 8 KB).")] string body,
        [Description(Kinds + ".")] string kind = "decision",
        [Description("Comma list.")] string? tags = null,
        [Description("Comma list of table or table.column.")] string? objects = null,
        [Description("Project or area.")] string? scope = null,
        [Description("Default: client name.")] string? author = null,
        CancellationToken cancellationToken = default)
    {
        var input = MemoryInput.Check(kind, title, body, tags, objects, scope, author, null, memory.MaxBodyBytes);
        return MemoryWriter.Remembered(await memory.RememberAsync(input, null, Caller(server), "remember", cancellationToken), null);
    }

    [McpServerTool(Name = "search_memory", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Find earlier decisions by meaning and words (hybrid, rank-fused). Use before designing schema, indexes, migrations.")]
    public async Task<string> SearchMemory(
        [Description("Question or keywords.")] string query,
        [Description("Comma list of " + Kinds + ".")] string? kind = null,
        [Description("Comma list; all must match.")] string? tags = null,
        [Description("Comma list of table or table.column; any.")] string? objects = null,
        [Description("Project or area.")] string? scope = null,
        string? author = null,
        [Description("2026-11-01 or 7d.")] string? since = null,
        [Description("Comma list of fulltext, trigram, vector; default all.")] string? signals = null,
        bool all_databases = false,
        [Description("1-50.")] int limit = 5,
        CancellationToken cancellationToken = default)
    {
        var outcome = await memory.SearchAsync(query, Filter(kind, tags, objects, scope, author, since, all_databases, false),
            MemoryWriter.ParseSignals(signals), Math.Clamp(limit, 1, 50), cancellationToken);
        return MemoryWriter.Search(outcome);
    }

    [McpServerTool(Name = "list_memories", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Memories newest first; superseded/forgotten ones only with include_forgotten.")]
    public async Task<string> ListMemories(
        [Description("Comma list of " + Kinds + ".")] string? kind = null,
        [Description("Comma list; all must match.")] string? tags = null,
        [Description("Comma list of table or table.column.")] string? objects = null,
        [Description("Project or area.")] string? scope = null,
        string? author = null,
        [Description("2026-11-01 or 7d.")] string? since = null,
        bool include_forgotten = false,
        bool all_databases = false,
        [Description("1-200.")] int limit = 20,
        CancellationToken cancellationToken = default)
    {
        var clamped = Math.Clamp(limit, 1, 200);
        var (where, memories) = await memory.ListAsync(Filter(kind, tags, objects, scope, author, since, all_databases, include_forgotten), clamped, cancellationToken);
        return MemoryWriter.List(where, memories, clamped);
    }

    [McpServerTool(Name = "get_memory", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("One memory in full, with its supersede chain.")]
    public async Task<string> GetMemory([Description("The memory's id (uuid).")] string id, CancellationToken cancellationToken = default)
    {
        var guid = MemoryInput.Id(id);
        var (where, found, chain) = await memory.GetAsync(guid, cancellationToken);
        return found is null
            ? throw new ToolException($"No memory {guid} in {where}. search_memory or list_memories show the ids.")
            : MemoryWriter.Full(where, found, chain);
    }

    [McpServerTool(Name = "forget", ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("Soft-delete a memory: hidden from searches, kept in history.")]
    public async Task<string> Forget(McpServer server, [Description("The memory's id (uuid).")] string id, CancellationToken cancellationToken = default)
    {
        var guid = MemoryInput.Id(id);
        var (where, title) = await memory.ForgetAsync(guid, Caller(server), cancellationToken);
        return title is null
            ? throw new ToolException($"No memory {guid} in {where}. search_memory or list_memories show the ids.")
            : $"forgotten {guid} ({title}); kept in history\nmemory: {where}";
    }

    [McpServerTool(Name = "supersede", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description("Replace a memory with a new, linked one; searches show the newest. Unset fields keep old values.")]
    public async Task<string> Supersede(
        McpServer server,
        [Description("Id replaced.")] string id,
        [Description("One line.")] string title,
        [Description("What and why, and why the old one no longer holds.")] string body,
        [Description(Kinds + ".")] string? kind = null,
        [Description("Comma list.")] string? tags = null,
        [Description("Comma list of table or table.column.")] string? objects = null,
        CancellationToken cancellationToken = default)
    {
        var old = MemoryInput.Id(id);
        var (where, previous, _) = await memory.GetAsync(old, cancellationToken);
        if (previous is null)
        {
            throw new ToolException($"No memory {old} to supersede in {where}. search_memory or list_memories show the ids.");
        }

        var input = MemoryInput.Check(
            kind ?? previous.Kind, title, body, tags ?? string.Join(',', previous.Tags), objects ?? string.Join(',', previous.Objects),
            previous.Scope, null, null, memory.MaxBodyBytes);
        return MemoryWriter.Remembered(await memory.RememberAsync(input, old, Caller(server), "supersede", cancellationToken), old);
    }

    private static MemoryFilter Filter(
        string? kind, string? tags, string? objects, string? scope, string? author, string? since, bool allTargets, bool includeForgotten) =>
        new(
            Kinds: NullWhenEmpty(MemoryInput.List(kind, "kinds", 5).Select(MemoryInput.Kind).ToList()),
            Tags: NullWhenEmpty(MemoryInput.List(tags, "tags", MemoryInput.MaxTags).Select(t => t.ToLowerInvariant()).ToList()),
            Objects: NullWhenEmpty(MemoryInput.List(objects, "objects", MemoryInput.MaxObjects)),
            Scope: string.IsNullOrWhiteSpace(scope) ? null : scope.Trim(),
            Author: string.IsNullOrWhiteSpace(author) ? null : author.Trim(),
            Since: MemoryInput.Since(since, DateTimeOffset.UtcNow),
            AllTargets: allTargets,
            IncludeForgotten: includeForgotten);

    private static List<string>? NullWhenEmpty(List<string> items) => items.Count == 0 ? null : items;

    private static MemoryCaller Caller(McpServer server) => new(server.ClientInfo?.Name, server.SessionId);
}
