using System.ComponentModel;
using ModelContextProtocol.Server;

namespace McpDbEngineer.Memory;

/// <summary>Memories as MCP resources: one memory by id, and the recent decisions of the current database.</summary>
[McpServerResourceType]
public sealed class MemoryResources(MemoryService memory)
{
    /// <summary>Decisions listed by the recent-decisions resource.</summary>
    public const int RecentDecisions = 20;

    [McpServerResource(UriTemplate = "memory://{id}", Name = "memory", MimeType = "text/plain")]
    [Description("One memory in full, with its supersede chain.")]
    public async Task<string> Memory(string id, CancellationToken cancellationToken)
    {
        var guid = MemoryInput.Id(id);
        var (where, found, chain) = await memory.GetAsync(guid, cancellationToken);
        return found is null ? throw new ToolException($"No memory {guid} in {where}.") : MemoryWriter.Full(where, found, chain);
    }

    [McpServerResource(UriTemplate = "memory://decisions/recent", Name = "recent_decisions", MimeType = "text/plain")]
    [Description("The 20 newest decisions about the current database (superseded and forgotten ones left out).")]
    public async Task<string> Recent(CancellationToken cancellationToken)
    {
        var (where, memories) = await memory.ListAsync(new MemoryFilter(Kinds: ["decision"]), RecentDecisions, cancellationToken);
        return MemoryWriter.List(where, memories, RecentDecisions);
    }
}
