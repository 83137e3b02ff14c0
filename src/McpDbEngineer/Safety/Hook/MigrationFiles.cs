using System.Text.RegularExpressions;

namespace McpDbEngineer.Safety.Hook;

internal enum MigrationFileKind
{
    /// <summary>A .sql/.psql file: its whole content is SQL (with psql's backslash commands in .psql).</summary>
    Sql,

    /// <summary>A migration in another language (Alembic, Django, Rails, TypeORM, Knex, Sequelize, Liquibase …).</summary>
    Code,
}

/// <summary>
/// Which written files the hook reads: SQL files (.sql, .psql, .pgsql — Flyway's V…__/R…__ and Prisma's
/// migration.sql among them), anything under a migrations/, migrate/, versions/ (Alembic) or changelog folder, and
/// files whose content shows a migration framework (<c>from alembic import op</c>, <c>ActiveRecord::Migration</c>,
/// <c>databaseChangeLog</c> …).
/// </summary>
internal static partial class MigrationFiles
{
    private static readonly string[] SqlExtensions = [".sql", ".psql", ".pgsql"];

    private static readonly string[] Folders = ["migrations", "migration", "migrate", "versions", "changelog", "changelogs", "changesets"];

    public static MigrationFileKind? Kind(string path, string? content = null)
    {
        var normalized = path.Replace('\\', '/');
        if (SqlExtensions.Any(extension => normalized.EndsWith(extension, StringComparison.OrdinalIgnoreCase)))
        {
            return MigrationFileKind.Sql;
        }

        if (normalized.Split('/').SkipLast(1).Any(segment => Folders.Contains(segment, StringComparer.OrdinalIgnoreCase))
            || FlywayJava().IsMatch(Path.GetFileName(normalized)))
        {
            return MigrationFileKind.Code;
        }

        return content is not null && Signature().IsMatch(content) ? MigrationFileKind.Code : null;
    }

    /// <summary>The SQL or code sources of a file's new content (a whole file, or an edit's new text when <paramref name="fragment"/>).</summary>
    public static List<SqlSource> Sources(string origin, string path, string text, bool fragment)
    {
        return Kind(path, text) switch
        {
            MigrationFileKind.Sql => [new SqlSource(origin, WithoutDownSection(text), Fragment: fragment, Down: IsDown(path))],
            MigrationFileKind.Code => [SqlSource.Program(origin, text, Language(path), runs: false) with { Down = IsDown(path) }],
            _ => [],
        };
    }

    /// <summary>
    /// A SQL migration that holds both directions (goose <c>-- +goose Down</c>, sql-migrate <c>-- +migrate Down</c>,
    /// dbmate <c>-- migrate:down</c>) without its down part: dropping there undoes what the up part created.
    /// </summary>
    public static string WithoutDownSection(string sql)
    {
        var down = SqlDownMarker().Match(sql);
        if (!down.Success)
        {
            return sql;
        }

        var up = SqlUpMarker().Match(sql, down.Index + down.Length);
        return sql[..down.Index] + (up.Success ? WithoutDownSection(sql[up.Index..]) : "");
    }

    /// <summary>The language of a file, by its extension ("py", "rb", "ts" …); "" when it has none.</summary>
    public static string Language(string path) => Path.GetExtension(path).TrimStart('.').ToLowerInvariant();

    /// <summary>A down migration: it exists to undo its up migration, so dropping things there is expected.</summary>
    public static bool IsDown(string path)
    {
        var normalized = path.Replace('\\', '/');
        var name = Path.GetFileName(normalized).ToLowerInvariant();
        return name.EndsWith(".down.sql", StringComparison.Ordinal) || name.EndsWith("_down.sql", StringComparison.Ordinal)
            || name.EndsWith("-down.sql", StringComparison.Ordinal) || name == "down.sql"
            || FlywayUndo().IsMatch(Path.GetFileName(normalized))
            || normalized.Split('/').SkipLast(1).Any(segment => segment.Equals("down", StringComparison.OrdinalIgnoreCase));
    }

    [GeneratedRegex(@"^[ \t]*--[ \t]*(?:\+goose[ \t]+Down|\+migrate[ \t]+Down|migrate:down)\b", RegexOptions.CultureInvariant | RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex SqlDownMarker();

    [GeneratedRegex(@"^[ \t]*--[ \t]*(?:\+goose[ \t]+Up|\+migrate[ \t]+Up|migrate:up)\b", RegexOptions.CultureInvariant | RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex SqlUpMarker();

    [GeneratedRegex(@"^[VR]\d*(?:[._]\d+)*__\w+\.(?:java|kt|scala)$", RegexOptions.CultureInvariant)]
    private static partial Regex FlywayJava();

    // Flyway undo migrations (U1__name.sql) undo their V1__name.sql.
    [GeneratedRegex(@"^U\d+(?:[._]\d+)*__\w+\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex FlywayUndo();

    [GeneratedRegex(@"from alembic import|import alembic|from django\.db import migrations|ActiveRecord::Migration|MigrationInterface|QueryRunner|knex\.schema|queryInterface\.|databaseChangeLog|use Ecto\.Migration|Illuminate\\Database\\Migrations", RegexOptions.CultureInvariant)]
    private static partial Regex Signature();
}
