namespace McpDbEngineer.Sql.Parsing;

/// <summary>
/// The functions, operators and relations some SQL names, read with PostgreSQL's parser: for the bodies, view and rule
/// definitions and policy expressions the guard follows, and for resolving by name when PostgreSQL cannot be asked.
/// </summary>
internal sealed record SqlNames(
    IReadOnlyList<SqlName> Functions,
    IReadOnlyList<SqlName> Operators,
    IReadOnlyList<SqlName> Relations,
    IReadOnlyList<SqlName> WriteTargets,
    int ParameterCount,
    int StatementCount,
    bool Parsed,
    bool OnlyConstants = false)
{
    public static SqlNames Of(string sql)
    {
        using var parsed = PgQuery.Parse(sql);
        if (parsed.Error is not null)
        {
            return new SqlNames([], [], [], [], 0, 0, Parsed: false);
        }

        var functions = new List<SqlName>();
        var operators = new List<SqlName>();
        var relations = new List<SqlName>();
        var writeTargets = new List<SqlName>();
        var parameters = 0;
        var statements = 0;
        var onlyConstants = true;
        foreach (var raw in parsed.Tree!.RootElement.GetProperty("stmts").EnumerateArray())
        {
            statements++;
            var scan = TreeScan.Of(raw);
            functions.AddRange(scan.Functions.Except(functions));
            operators.AddRange(scan.Operators.Except(operators));
            relations.AddRange(scan.Relations.Except(relations));
            writeTargets.AddRange(scan.WriteTargets.Except(writeTargets));
            parameters = Math.Max(parameters, scan.ParameterCount);
            onlyConstants &= scan.OnlyConstants;
        }

        return new SqlNames(functions, operators, relations, writeTargets, parameters, statements, Parsed: true, onlyConstants);
    }
}
