using System.Text.RegularExpressions;

namespace McpDbEngineer.Safety.Hook;

/// <summary>One destructive (or unseeable) call of a migration framework's API, as a pattern over code without comments.</summary>
/// <param name="Languages">The file kinds it applies to ("py", "rb", "js" for every JavaScript-like language, "xml", "yaml").</param>
/// <param name="Deny">True: the call destroys data or objects. False: the hook cannot tell what it loses, so it asks.</param>
/// <param name="What">What the call does; <c>{0}</c> is the call as written (cut at 80 characters, brackets closed).</param>
internal sealed record MigrationApi(string Framework, string[] Languages, Regex Pattern, bool Deny, string What);

/// <summary>
/// The destructive operations of the common migration frameworks, recognised by their API rather than by SQL:
/// <c>op.drop_table</c> never contains the words DROP TABLE. One row a family of calls; patterns are anchored on
/// the call's name and bounded, so none can backtrack far. Down sections (<c>def downgrade</c>, <c>def down</c>,
/// <c>down(queryRunner)</c>, <c>&lt;rollback&gt;</c>) are cut before matching: undoing what the up step created is their job.
/// </summary>
internal static class MigrationApis
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.Multiline;

    private static readonly string[] Python = ["py"];
    private static readonly string[] Ruby = ["rb"];
    private static readonly string[] Script = ["js"];
    private static readonly string[] Xml = ["xml"];
    private static readonly string[] Changelog = ["yaml", "json"];
    private static readonly string[] Elixir = ["ex"];
    private static readonly string[] Php = ["php"];

    public static readonly MigrationApi[] Table =
    [
        new("Alembic", Python, new(@"\b\w*op\.(?:drop_table|drop_column|drop_index|drop_constraint)\s*\([^)\n]{0,80}", Options), true, "{0} drops it"),
        new("Alembic", Python, new(@"\b\w*op\.alter_column\s*\([^)]{0,300}?\btype_\s*=", Options), false, "{0} changes a column's type, which can rewrite or lose its values"),
        new("Django", Python, new(@"\bmigrations\.(?:DeleteModel|RemoveField|RemoveIndex|RemoveConstraint)\s*\([^)\n]{0,80}", Options), true, "{0} drops it"),
        new("Django", Python, new(@"\bmigrations\.(?:AlterField|RenameModel|RenameField|AlterModelTable)\s*\([^)\n]{0,80}", Options), false, "{0} renames or changes it, which can lose or hide its data"),
        new("Rails", Ruby, new(@"^[ \t]*(?:drop_table|drop_join_table|remove_column|remove_columns|remove_reference|remove_belongs_to|remove_timestamps|remove_index|remove_foreign_key|remove_check_constraint)\b[^\n]{0,80}", Options), true, "{0} drops it"),
        new("Rails", Ruby, new(@"^[ \t]*t\.(?:remove|remove_references|remove_belongs_to|remove_index|remove_timestamps)\b[^\n]{0,80}", Options), true, "{0} drops it"),
        new("Rails", Ruby, new(@"^[ \t]*(?:change_column|change_column_null|rename_table|rename_column)\b[^\n]{0,80}", Options), false, "{0} renames or changes it, which can lose or hide its data"),
        new("TypeORM/Knex/Sequelize", Script, new(@"\.(?:dropTable|dropTableIfExists|dropColumn|dropColumns|dropSchema|dropSchemaIfExists|dropDatabase|dropView|dropViewIfExists|dropMaterializedView|dropIndex|dropForeign|dropForeignKey|dropPrimary|dropPrimaryKey|dropUnique|dropUniqueConstraint|dropCheckConstraint|dropAllTables|dropAllSchemas|clearTable|removeColumn|removeIndex|removeConstraint|truncate)\s*\([^)\n]{0,80}", Options), true, "{0} drops or empties it"),
        new("TypeORM/Knex/Sequelize", Script, new(@"\.(?:changeColumn|renameTable|renameColumn|bulkDelete|bulkUpdate|dropEnum|dropAllEnums)\s*\([^)\n]{0,80}", Options), false, "{0} deletes, renames or changes data the hook cannot count"),
        new("Liquibase", Xml, new(@"<(?:dropTable|dropColumn|dropView|dropIndex|dropSequence|dropForeignKeyConstraint|dropAllForeignKeyConstraints|dropPrimaryKey|dropUniqueConstraint|dropProcedure|dropFunction)\b[^>]{0,120}", Options), true, "{0} drops it"),
        new("Liquibase", Xml, new(@"<(?:delete|modifyDataType|renameTable|renameColumn|renameView)\b[^>]{0,120}", Options), false, "{0} deletes, renames or changes data the hook cannot count"),
        new("Liquibase", Xml, new(@"<sqlFile\b[^>]{0,120}", Options), false, "{0} runs a SQL file the hook does not read"),
        new("Liquibase", Changelog, new(@"\b(?:dropTable|dropColumn|dropView|dropIndex|dropSequence|dropForeignKeyConstraint|dropAllForeignKeyConstraints|dropPrimaryKey|dropUniqueConstraint|dropProcedure)""?\s*:", Options), true, "{0} drops it"),
        new("Liquibase", Changelog, new(@"\b(?:delete|modifyDataType|renameTable|renameColumn|sqlFile)""?\s*:", Options), false, "{0} deletes, renames, changes or runs what the hook cannot see"),

        new("Ecto", Elixir, new(@"^[ \t]*drop(?:_if_exists)?[ \t(]+(?:table|index|constraint)\b[^\n]{0,80}", Options), true, "{0} drops it"),
        new("Ecto", Elixir, new(@"^[ \t]*remove(?:_if_exists)?[ \t(]+:[^\n]{0,80}", Options), true, "{0} drops a column"),
        new("Ecto", Elixir, new(@"^[ \t]*(?:modify|rename)[ \t(]+[^\n]{0,80}", Options), false, "{0} renames or changes it, which can lose or hide its data"),
        new("Laravel", Php, new(@"\bSchema::(?:drop|dropIfExists|dropColumns|dropAllTables|dropAllViews)\s*\([^)\n]{0,80}", Options), true, "{0} drops it"),
        new("Laravel", Php, new(@"->(?:dropColumn|dropIndex|dropForeign|dropPrimary|dropUnique|dropTimestamps|dropSoftDeletes|dropConstrainedForeignId|dropMorphs)\s*\([^)\n]{0,80}", Options), true, "{0} drops it"),
        new("Laravel", Php, new(@"(?:\bSchema::rename|->renameColumn|->change)\s*\([^)\n]{0,80}", Options), false, "{0} renames or changes it, which can lose or hide its data"),

        // Data migrations through the ORM: a whole table emptied or overwritten, with no WHERE in sight.
        new("Django ORM", Python, new(@"(?:\b[A-Z]\w*|(?<=\)))\.objects\.all\(\)\.(?:delete|update)\([^)\n]{0,80}", Options), true, "{0} deletes or overwrites every row"),
        new("Rails ORM", Ruby, new(@"\b[A-Z]\w*(?:\.unscoped|\.all)?\.(?:delete_all|destroy_all|update_all)\b[^\n]{0,60}", Options), true, "{0} deletes or overwrites every row"),
        new("Knex", Script, new(@"\bknex\(\s*['""`][\w.]+['""`]\s*\)\s*\.(?:del|delete|update)\([^)\n]{0,80}", Options), true, "{0} deletes or overwrites every row"),
        new("TypeORM", Script, new(@"\.manager\.clear\([^)\n]{0,80}", Options), true, "{0} deletes every row"),
        new("Sequelize", Script, new(@"\.destroy\(\s*\{[^}]{0,200}?\btruncate\s*:\s*true", Options), true, "{0} truncates the table"),
        new("Laravel", Php, new(@"(?:\bDB::table\([^)\n]{0,80}\)|\b[A-Z]\w*::query\(\))->(?:delete|truncate|update)\([^)\n]{0,80}", Options), true, "{0} deletes or overwrites every row"),
        new("Laravel", Php, new(@"\b[A-Z]\w*::truncate\(\s*\)", Options), true, "{0} deletes every row"),
        new("Ecto", Elixir, new(@"\b(?:Repo|repo\(\))\.(?:delete_all|update_all)\(\s*[A-Z][\w.]*\s*[,)][^\n]{0,60}", Options), true, "{0} deletes or overwrites every row"),

        // SQL handed to execute()/query()/raw() as a variable or an expression: built at run time, unseen.
        new("SQL built at run time", ["py", "rb", "js", "php", "ex"], new(@"\b(?:execute|executemany|executescript|exec_query|exec_update|exec_delete|query|raw|RunSQL)\s*\(\s*(?!(?:sa\.)?text\s*\()(?![\w.]*\s*=[^=])(?![rRbBuUfF]{0,2}[""'`])(?!<<)(?![A-Z][a-z]\w*\s*[),.])[A-Za-z_][\w.]{0,60}", Options), false, "{0} runs SQL built at run time, which the hook cannot see"),
        new("SQL built at run time", ["py", "rb", "js", "php", "ex"], new(@"\b(?:execute|executemany|query|raw|RunSQL|statement|unprepared)\s*\(\s*[rRbBuUfF]{0,2}([""'`])[^""'`\n]{0,200}\1\s*(?:\+|%|\.format\b|\.concat\b|\|\||\.\s*\$)", Options), false, "{0} runs SQL assembled at run time, which the hook cannot see whole"),
        new("SQL built at run time", Ruby, new(@"^[ \t]*execute[ \t]+[a-z_]\w{0,60}[ \t]*$", Options), false, "{0} runs SQL built at run time, which the hook cannot see"),
    ];

    /// <summary>The family of languages a file or one-liner belongs to, for <see cref="MigrationApi.Languages"/>.</summary>
    public static string Family(string language) => language switch
    {
        "py" or "rb" or "xml" or "yaml" or "json" or "php" => language,
        "yml" => "yaml",
        "ex" or "exs" => "ex",
        _ => "js",
    };

    /// <summary>The code of the migration's up direction: down sections removed (and, for Django, <c>reverse_sql</c> strings are left to the caller).</summary>
    public static string WithoutDownSections(string code, string language)
    {
        switch (Family(language))
        {
            case "py":
                return Cut(code, PythonDown, next: PythonTopLevel);
            case "rb" or "ex":
                return Cut(code, RubyDown, next: RubyDef);
            case "php":
                return Cut(code, PhpDown, next: PhpUp);
            case "js":
                return Cut(code, ScriptDown, next: ScriptUp);
            case "xml":
                return CutBetween(code, "<rollback", "</rollback>");
            case "yaml":
                return WithoutYamlBlock(code, "rollback:");
            default:
                return code;
        }
    }

    private static string Cut(string code, Regex start, Regex next)
    {
        for (var guard = 0; guard < 16; guard++)
        {
            var down = start.Match(code);
            if (!down.Success)
            {
                return code;
            }

            var after = next.Match(code, down.Index + down.Length);
            code = code[..down.Index] + (after.Success ? code[after.Index..] : "");
        }

        return code;
    }

    /// <summary>Removes a YAML key and everything indented under it.</summary>
    private static string WithoutYamlBlock(string code, string key)
    {
        var lines = code.Split('\n');
        var kept = new List<string>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (!line.TrimStart(' ', '-').StartsWith(key, StringComparison.Ordinal))
            {
                kept.Add(line);
                continue;
            }

            var indent = line.Length - line.TrimStart().Length;
            while (i + 1 < lines.Length && (lines[i + 1].Trim().Length == 0 || lines[i + 1].Length - lines[i + 1].TrimStart().Length > indent))
            {
                i++;
            }
        }

        return string.Join('\n', kept);
    }

    private static string CutBetween(string code, string open, string close)
    {
        for (var start = code.IndexOf(open, StringComparison.Ordinal); start >= 0; start = code.IndexOf(open, start, StringComparison.Ordinal))
        {
            var end = code.IndexOf(close, start, StringComparison.Ordinal);
            code = code[..start] + (end < 0 ? "" : code[(end + close.Length)..]);
        }

        return code;
    }

    private static readonly Regex PythonDown = new(@"^(?:async[ \t]+)?def[ \t]+(?:downgrade\w*|backwards)\b", Options);

    private static readonly Regex PythonTopLevel = new(@"^(?=\S)", Options);

    private static readonly Regex RubyDown = new(@"^[ \t]*def[ \t]+(?:self\.)?down\b", Options);

    private static readonly Regex PhpDown = new(@"\bfunction[ \t]+down[ \t]*\(", Options);

    private static readonly Regex PhpUp = new(@"\bfunction[ \t]+up[ \t]*\(", Options);

    private static readonly Regex RubyDef = new(@"^[ \t]*def[ \t]", Options);

    private static readonly Regex ScriptDown = new(@"(?:\bexports\.down\b|\bdown[ \t]*[:=]|\b(?:async[ \t]+)?(?:function[ \t]+)?down[ \t]*\()", Options);

    private static readonly Regex ScriptUp = new(@"(?:\bexports\.up\b|\bup[ \t]*[:=]|\b(?:async[ \t]+)?(?:function[ \t]+)?up[ \t]*\()", Options);
}
