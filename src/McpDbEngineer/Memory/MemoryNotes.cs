using McpDbEngineer.Catalog;

namespace McpDbEngineer.Memory;

/// <summary>
/// describe_table's last line: how many memories concern the table and how to read them. Counted only when the store
/// already holds memories (see <see cref="MemoryStore.HoldsMemoriesAsync"/>); never loads an embedding model.
/// </summary>
public sealed class MemoryNotes(MemoryService memory) : IObjectNotes
{
    public async Task<string?> NoteAsync(string relation, CancellationToken cancellationToken)
    {
        var count = await memory.CountAboutAsync(relation, cancellationToken);
        return count is > 0
            ? $"memory: {count} {(count == 1 ? "memory concerns" : "memories concern")} {relation} — search_memory objects={relation} (or list_memories objects={relation})"
            : null;
    }
}
