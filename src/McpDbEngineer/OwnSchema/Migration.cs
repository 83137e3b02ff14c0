namespace McpDbEngineer.OwnSchema;

/// <summary>One step of a <see cref="MigrationSet"/>: the script that takes the set to <paramref name="Version"/> and the one that takes it back.</summary>
/// <param name="Version">Its place in the set's own sequence, from 1.</param>
/// <param name="Name">What it does, as its file says ("audit_log").</param>
/// <param name="Up">SQL run (as one script) to apply it.</param>
/// <param name="Down">SQL run (as one script) to undo it.</param>
public sealed record Migration(int Version, string Name, string Up, string Down);
