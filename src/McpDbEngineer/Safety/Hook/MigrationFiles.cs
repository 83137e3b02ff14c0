namespace McpDbEngineer.Safety.Hook;

internal enum MigrationFileKind
{
    /// <summary>A .sql file: its whole content is SQL.</summary>
    Sql,

    /// <summary>A migration in another language (Rails, Alembic, knex …): SQL only inside its strings.</summary>
    Code,
}

/// <summary>Which written files the hook reads: .sql files and anything under a migrations/ or migrate/ folder.</summary>
internal static class MigrationFiles
{
    public static MigrationFileKind? Kind(string path)
    {
        var normalized = path.Replace('\\', '/');
        if (normalized.EndsWith(".sql", StringComparison.OrdinalIgnoreCase))
        {
            return MigrationFileKind.Sql;
        }

        return normalized.Split('/').SkipLast(1).Any(segment => segment.Equals("migrations", StringComparison.OrdinalIgnoreCase) || segment.Equals("migrate", StringComparison.OrdinalIgnoreCase))
            ? MigrationFileKind.Code
            : null;
    }

    /// <summary>A down migration: it exists to undo its up migration, so dropping things there is expected.</summary>
    public static bool IsDown(string path)
    {
        var normalized = path.Replace('\\', '/');
        var name = Path.GetFileName(normalized).ToLowerInvariant();
        return name.EndsWith(".down.sql", StringComparison.Ordinal) || name.EndsWith("_down.sql", StringComparison.Ordinal)
            || name.EndsWith("-down.sql", StringComparison.Ordinal) || name == "down.sql"
            || normalized.Split('/').SkipLast(1).Any(segment => segment.Equals("down", StringComparison.OrdinalIgnoreCase));
    }
}
