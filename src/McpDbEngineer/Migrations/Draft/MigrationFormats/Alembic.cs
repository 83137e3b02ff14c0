using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace McpDbEngineer.Migrations.Draft.MigrationFormats;

/// <summary>
/// Alembic: a revision file <c>versions/&lt;rev&gt;_name.py</c> whose <c>upgrade()</c> and <c>downgrade()</c> call
/// <c>op.execute</c> once per statement, with <c>down_revision</c> set to the current head. Statements that cannot
/// run in a transaction go in <c>autocommit_block()</c>.
/// </summary>
internal sealed partial class Alembic : MigrationFormat
{
    public override string Id => "alembic";

    public override bool Recognizes(MigrationFolder folder) => Revisions(folder).Count > 0;

    /// <summary>A new revision id: 12 hex digits, as Alembic makes them.</summary>
    public override string NextVersion(MigrationFolder folder, DateTimeOffset now) => Guid.NewGuid().ToString("N")[..12];

    /// <summary>The head: the revision no other revision follows. Several heads are a branch Alembic itself would refuse to extend.</summary>
    public override string? LatestRevision(MigrationFolder folder)
    {
        var revisions = Revisions(folder);
        var followed = revisions.Values.OfType<string>().ToHashSet(StringComparer.Ordinal);
        var heads = revisions.Keys.Where(r => !followed.Contains(r)).Order(StringComparer.Ordinal).ToList();
        return heads.Count switch
        {
            0 => null,
            1 => heads[0],
            _ => throw new ToolException(
                $"The Alembic history has {heads.Count} heads ({string.Join(", ", heads)}): run `alembic merge heads` first, then draft again."),
        };
    }

    public override string Subfolder(MigrationFolder folder) =>
        folder.Files.Any(f => f.StartsWith("versions/", StringComparison.Ordinal)) || folder.HasSubfolder("versions") ? "versions/" : "";

    public override IReadOnlyList<DraftedFile> Files(MigrationText migration)
    {
        var file = new StringBuilder();
        file.Append(CultureInfo.InvariantCulture, $""""
            """{migration.Name.Replace('_', ' ')}

            Revision ID: {migration.Version}
            Revises:{(migration.PreviousRevision is null ? "" : " " + migration.PreviousRevision)}
            """

            from alembic import op

            revision = "{migration.Version}"
            down_revision = {(migration.PreviousRevision is null ? "None" : $"\"{migration.PreviousRevision}\"")}
            branch_labels = None
            depends_on = None


            def upgrade() -> None:

            """");
        Body(file, migration.UpStatements);
        file.Append("\n\ndef downgrade() -> None:\n");
        Body(file, migration.DownStatements);
        return [new($"{migration.Version}_{migration.Name}.py", file.ToString())];
    }

    private static void Body(StringBuilder file, IReadOnlyList<DraftStatement> statements)
    {
        if (statements.Count == 0)
        {
            file.Append("    pass\n");
            return;
        }

        foreach (var statement in statements)
        {
            if (statement.Sql.StartsWith("--", StringComparison.Ordinal))
            {
                file.Append(string.Concat(statement.Sql.Split('\n').Select(line => $"    # {line.TrimStart('-').Trim()}\n")));
            }
            else if (statement.OutsideTransaction)
            {
                file.Append("    with op.get_context().autocommit_block():\n");
                file.Append(CultureInfo.InvariantCulture, $"        op.execute(\"\"\"{PythonText(statement.Sql)}\"\"\")\n");
            }
            else
            {
                file.Append(CultureInfo.InvariantCulture, $"    op.execute(\"\"\"{PythonText(statement.Sql)}\"\"\")\n");
            }
        }
    }

    /// <summary>SQL inside a Python """…""" literal: backslashes and quotes escaped, so the string is exactly the SQL.</summary>
    private static string PythonText(string sql) => sql.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    /// <summary>Revision → the revision it follows (null for the first), from the .py files of the folder and its versions/.</summary>
    private static Dictionary<string, string?> Revisions(MigrationFolder folder)
    {
        var revisions = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var file in folder.Files.Where(f => f.EndsWith(".py", StringComparison.Ordinal) && (!f.Contains('/', StringComparison.Ordinal) || f.StartsWith("versions/", StringComparison.Ordinal))))
        {
            var text = folder.Read(file);
            if (RevisionLine().Match(text) is { Success: true } revision && DownRevisionLine().Match(text) is { Success: true } down)
            {
                revisions[revision.Groups["id"].Value] = down.Groups["id"].Success ? down.Groups["id"].Value : null;
            }
        }

        return revisions;
    }

    [GeneratedRegex(@"^revision\s*(?::\s*str\s*)?=\s*['""](?<id>[^'""]+)['""]", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex RevisionLine();

    [GeneratedRegex(@"^down_revision\s*(?::[^=\n]+)?=\s*(?:['""](?<id>[^'""]+)['""]|None)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex DownRevisionLine();
}
