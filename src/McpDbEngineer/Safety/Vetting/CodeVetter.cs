using McpDbEngineer.Sql;
using McpDbEngineer.Sql.Parsing;
using Microsoft.Extensions.Options;
using Npgsql;

namespace McpDbEngineer.Safety.Vetting;

/// <summary>
/// Finds every piece of code a statement would run and vets it, deciding nothing by name alone: PostgreSQL resolves the
/// statement (a temporary probe function holding it, created and rolled back inside a savepoint: parse analysis only,
/// nothing is planned or executed), and the guard follows what it resolved to — functions and the functions behind
/// operators, views and rules, row-level security policies, domain checks, SQL function bodies — recursively.
/// Trusted: built-ins that are not VOLATILE (or only read or compute), native functions an extension installed,
/// SQL functions whose bodies vet, and functions configuration names. Everything else is reported.
/// </summary>
public sealed class CodeVetter(IOptions<SafetyOptions> options)
{
    /// <summary>The <see cref="UnvettedCode.Via"/> of code the statement calls itself.</summary>
    public const string TopLevel = "the statement";

    /// <summary>Extensions whose code reaches other servers or the server's files.</summary>
    private static readonly HashSet<string> EscapeExtensions = new(StringComparer.Ordinal) { "dblink", "postgres_fdw", "file_fdw", "adminpack" };

    /// <summary>Rounds of following code into code; a deeper chain is reported rather than followed.</summary>
    private const int MaxDepth = 16;

    private const string ProbeName = "mcp_db_engineer_probe";

    /// <summary>Errors of parse analysis that running the SQL would meet too, before executing anything.</summary>
    private static readonly HashSet<string> Unresolvable = new(StringComparer.Ordinal)
    {
        PostgresErrorCodes.UndefinedFunction, PostgresErrorCodes.UndefinedTable, PostgresErrorCodes.UndefinedColumn,
        PostgresErrorCodes.UndefinedObject, PostgresErrorCodes.UndefinedParameter, PostgresErrorCodes.AmbiguousFunction,
        PostgresErrorCodes.AmbiguousColumn, PostgresErrorCodes.DatatypeMismatch, PostgresErrorCodes.InvalidSchemaName,
    };

    private readonly HashSet<string> _trusted = new(options.Value.TrustedFunctionNames, StringComparer.Ordinal);

    /// <summary>
    /// The code <paramref name="statements"/> reach that the guard cannot vouch for. The connection must be in a
    /// transaction that can still create a temporary function (the probe); nothing it creates outlives the call.
    /// </summary>
    public async Task<CodeReach> VetAsync(
        NpgsqlConnection connection, IReadOnlyList<StatementVerdict> statements, CancellationToken cancellationToken)
    {
        // Without DDL in the call, SQL PostgreSQL cannot resolve (an unknown function or table) fails the same way when it
        // runs, before anything executes: PostgreSQL's own error then says what is wrong, not the guard.
        var changesSchema = statements.Any(s => s.Class is StatementClass.Ddl or StatementClass.Utility);
        var walk = new Walk(connection, _trusted, changesSchema, cancellationToken);
        foreach (var statement in statements)
        {
            if (statement.Class is StatementClass.Read or StatementClass.Write)
            {
                if (!RunsNoCode(statement))
                {
                    walk.Add(new Source(statement.Text, TopLevel));
                }
            }
            else if (statement.Class == StatementClass.Ddl && !StoresCodeOnly(statement.Command))
            {
                // Expressions a DDL statement evaluates (an index expression, a column default, a CHECK, CREATE TABLE AS):
                // DDL cannot be held by a probe, so its names are resolved, conservatively.
                walk.Add(new Source(statement.Text, TopLevel, ByName: true));
            }
        }

        return await walk.RunAsync();
    }

    /// <summary>Whether no statement needs vetting: reads of constants only (SELECT 1, VALUES ('a'), SELECT $1).</summary>
    public static bool NothingToVet(IReadOnlyList<StatementVerdict> statements) => statements.All(RunsNoCode);

    private static bool RunsNoCode(StatementVerdict statement) =>
        statement.Class == StatementClass.Read && SqlNames.Of(statement.Text).OnlyConstants;

    /// <summary>Statements that store code for later without running it: the code is vetted when something runs it.</summary>
    private static bool StoresCodeOnly(string command) =>
        command is "CREATE FUNCTION" or "CREATE PROCEDURE" or "CREATE VIEW" or "CREATE RULE" or "CREATE TRIGGER" or "CREATE POLICY" or "ALTER POLICY";

    /// <summary>SQL to follow: probed (PostgreSQL resolves it) or stored (PostgreSQL recorded what it uses).</summary>
    /// <param name="Sql">The text, read for built-in calls (and resolved by name when it cannot be probed); null when there is none to read.</param>
    /// <param name="Arguments">The argument list of the function whose body this is ("integer, text").</param>
    /// <param name="SearchPath">The search_path the function sets for itself, which its body is parsed with.</param>
    /// <param name="Catalog">Where PostgreSQL keeps the stored SQL (pg_rewrite, pg_policy, …), with <paramref name="Oid"/>.</param>
    /// <param name="ByName">Resolve by name without trying a probe.</param>
    private sealed record Source(
        string? Sql, string Via, string? Arguments = null, string? SearchPath = null, string? Catalog = null, uint Oid = 0, bool ByName = false);

    /// <param name="Kind">f function, r relation, c domain constraint (<paramref name="Text"/>: its expression as SQL), n a function name that reaches nothing (<paramref name="Text"/>: the name).</param>
    private sealed record Reached(char Kind, uint Oid, string Via, string? Text = null);

    private sealed class Walk(NpgsqlConnection connection, HashSet<string> trusted, bool changesSchema, CancellationToken cancellationToken)
    {
        private readonly List<UnvettedCode> _found = [];
        private readonly Queue<Source> _sources = new();
        private readonly HashSet<(char Kind, uint Oid)> _seen = [];
        private readonly HashSet<string> _builtInNames = new(StringComparer.Ordinal);
        private readonly HashSet<string> _builtInNamesChecked = new(StringComparer.Ordinal);
        private readonly HashSet<SqlName> _writeTargets = [];
        private readonly HashSet<uint> _writtenInTurn = [];
        private readonly List<Reached> _carried = [];
        private bool _canProbe = true;
        private readonly SortedSet<string> _replaceable = new(StringComparer.Ordinal);
        private bool _callsUserFunctions;

        public void Add(Source source) => _sources.Enqueue(source);

        public async Task<CodeReach> RunAsync()
        {
            for (var depth = 0; _sources.Count > 0 || _carried.Count > 0; depth++)
            {
                var reached = new List<Reached>(_carried);
                _carried.Clear();
                while (_sources.TryDequeue(out var source))
                {
                    if (depth == MaxDepth)
                    {
                        Report(new UnvettedCode("code nested more than " + MaxDepth + " levels deep", source.Via, "the guard stops following it there", Escapes: false, Sandboxable: true));
                        continue;
                    }

                    reached.AddRange(await ResolveAsync(source));
                }

                foreach (var missing in reached.Where(r => r.Kind == 'n'))
                {
                    _callsUserFunctions = true;
                    Report(new UnvettedCode(
                        $"function {missing.Text}", missing.Via,
                        "it does not exist yet (created by an earlier statement of this same call?), so the guard cannot vet it; create it in one call and use it in the next",
                        Escapes: false, Sandboxable: false));
                }

                var fresh = reached.Where(r => r.Kind != 'n' && _seen.Add((r.Kind, r.Oid))).ToList();
                foreach (var constraint in fresh.Where(r => r.Kind == 'c'))
                {
                    Add(new Source(constraint.Text, constraint.Via, Catalog: "pg_constraint", Oid: constraint.Oid));
                }

                await FollowAsync(fresh.Where(r => r.Kind == 'f').ToList(), fresh.Where(r => r.Kind == 'r').ToList());
            }

            return new CodeReach(_found, _callsUserFunctions, [.. _replaceable]);
        }

        private void Report(UnvettedCode code)
        {
            if (!_found.Any(f => f.What == code.What))
            {
                _found.Add(code);
            }
        }

        /// <summary>What one source reaches; the built-in names it calls are kept for one check at the end.</summary>
        private async Task<IReadOnlyList<Reached>> ResolveAsync(Source source)
        {
            var names = source.Sql is null ? null : SqlNames.Of(source.Sql);
            if (source.Arguments is not null && source.Sql is not null)
            {
                ReportStatementsBeyondQueries(source);
            }

            if (names is not null)
            {
                _writeTargets.UnionWith(names.WriteTargets);
                foreach (var function in names.Functions)
                {
                    if (FunctionCatalog.Judge(function, out var effect) == FunctionSafety.Denied)
                    {
                        Report(new UnvettedCode($"function {function}", source.Via, $"it {effect}", Escapes: true, Sandboxable: false));
                    }
                    else if (function.Schema is null or "pg_catalog")
                    {
                        _builtInNames.Add(function.Name);
                    }
                }
            }

            if (source.Catalog is not null)
            {
                return await QueryReachedAsync(EmbeddedFiles.Get("Safety/Vetting/Sql/dependencies.sql"), source.Via, source.Catalog, source.Oid);
            }

            if (names is not { Parsed: true })
            {
                Report(new UnvettedCode("SQL the parser cannot read", source.Via, "the guard cannot see what it calls", Escapes: false, Sandboxable: true));
                return [];
            }

            try
            {
                return (source.ByName ? null : await ProbeAsync(source, names)) ?? await ByNameAsync(source, names);
            }
            catch (PostgresException e) when (!changesSchema && Unresolvable.Contains(e.SqlState))
            {
                return [];
            }
        }

        /// <summary>
        /// A SQL function body may hold more than queries: COPY to a file, a utility, DDL. The guard's own classifier
        /// says what each statement is; what a read or write could not do is reported.
        /// </summary>
        private void ReportStatementsBeyondQueries(Source source)
        {
            foreach (var statement in SqlClassifier.Classify(source.Sql!).Statements)
            {
                if (statement.Class is StatementClass.Utility or StatementClass.Session or StatementClass.Transaction)
                {
                    Report(new UnvettedCode(statement.Command, source.Via, string.Join("; ", statement.Reasons), Escapes: true, Sandboxable: false));
                }
                else if (statement.Class == StatementClass.Ddl)
                {
                    Report(new UnvettedCode(statement.Command, source.Via, string.Join("; ", statement.Reasons), Escapes: false, Sandboxable: true));
                }
            }
        }

        /// <summary>
        /// Has PostgreSQL resolve the SQL by creating a temporary function that holds it, reads what PostgreSQL recorded
        /// the function uses, and rolls the function back. Null when it cannot: a standby, event triggers (creating a
        /// function would run them), or SQL a function body cannot hold — the caller then resolves by name.
        /// </summary>
        private async Task<IReadOnlyList<Reached>?> ProbeAsync(Source source, SqlNames names)
        {
            if (!_canProbe)
            {
                return null;
            }

            var arguments = source.Arguments ?? "";
            if (source.Arguments is null && names.ParameterCount > 0)
            {
                if (await ParameterTypesAsync(source.Sql!) is not { } types)
                {
                    return null;
                }

                arguments = types;
            }

            var probe = $"CREATE FUNCTION pg_temp.{ProbeName}({arguments}) RETURNS void LANGUAGE sql\nBEGIN ATOMIC\n{source.Sql}\n;\nEND";
            // The SQL goes into our own statement: it must not end the body early and add statements of its own.
            if (PgQuery.Split(probe) is not { Error: null, Statements.Count: 1 })
            {
                return null;
            }

            var commands = new List<NpgsqlBatchCommand> { new(EmbeddedFiles.Get("Safety/Vetting/Sql/event_triggers.sql")) };
            if (source.SearchPath is not null)
            {
                commands.Add(new NpgsqlBatchCommand("SELECT set_config('search_path', $1, true)") { Parameters = { new() { Value = source.SearchPath } } });
            }

            commands.Add(new NpgsqlBatchCommand(probe));
            commands.Add(new NpgsqlBatchCommand(EmbeddedFiles.Get("Safety/Vetting/Sql/dependencies.sql").Replace(
                "d.objid = ANY ($2)", $"d.objid = to_regproc('pg_temp.{ProbeName}')::oid", StringComparison.Ordinal))
            {
                Parameters = { new() { Value = "pg_proc" } },
            });
            return await InSavepointAsync<IReadOnlyList<Reached>>(commands, async batch => await ReadReachedAsync(batch, source.Via));
        }

        /// <summary>
        /// Runs <paramref name="commands"/> inside a savepoint that is always rolled back, so nothing they create
        /// outlives them; null when PostgreSQL refuses them (see <see cref="LeaveToPostgres"/> for the exception).
        /// </summary>
        private async Task<T?> InSavepointAsync<T>(IEnumerable<NpgsqlBatchCommand> commands, Func<NpgsqlBatch, Task<T?>> read)
            where T : class
        {
            await using var batch = new NpgsqlBatch(connection);
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"SAVEPOINT {ProbeName}"));
            foreach (var command in commands)
            {
                batch.BatchCommands.Add(command);
            }

            batch.BatchCommands.Add(new NpgsqlBatchCommand($"ROLLBACK TO SAVEPOINT {ProbeName}"));
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"RELEASE SAVEPOINT {ProbeName}"));
            try
            {
                return await read(batch);
            }
            catch (PostgresException e)
            {
                await using var rollback = new NpgsqlBatch(connection)
                {
                    BatchCommands = { new($"ROLLBACK TO SAVEPOINT {ProbeName}"), new($"RELEASE SAVEPOINT {ProbeName}") },
                };
                await rollback.ExecuteNonQueryAsync(cancellationToken);
                if (LeaveToPostgres(e))
                {
                    throw;
                }

                return null;
            }
        }

        /// <summary>
        /// After a failed probe: true for SQL PostgreSQL cannot resolve, which is left to fail on its own when it runs.
        /// Otherwise the guard resolves by name — from now on when event triggers would fire — (SQL a function body
        /// cannot hold, a standby).
        /// </summary>
        private bool LeaveToPostgres(PostgresException e)
        {
            if (e.SqlState == PostgresErrorCodes.DivisionByZero)
            {
                _canProbe = false;
            }

            return !changesSchema && Unresolvable.Contains(e.SqlState);
        }

        /// <summary>The types PostgreSQL infers for the statement's $n placeholders ("integer, text"), or null.</summary>
        private async Task<string?> ParameterTypesAsync(string sql)
        {
            var prepare = $"PREPARE {ProbeName} AS {sql}";
            if (PgQuery.Split(prepare) is not { Error: null, Statements.Count: 1 })
            {
                return null;
            }

            // PREPARE is not undone by the rollback: DEALLOCATE comes first.
            return await InSavepointAsync<string>(
                [
                    new NpgsqlBatchCommand(prepare),
                    new NpgsqlBatchCommand($"SELECT array_to_string(parameter_types, ', ') FROM pg_prepared_statements WHERE name = '{ProbeName}'"),
                    new NpgsqlBatchCommand($"DEALLOCATE {ProbeName}"),
                ],
                async batch => await batch.ExecuteScalarAsync(cancellationToken) as string);
        }

        /// <summary>Everything the names could reach, on the search_path the SQL runs with (a function's own, when it sets one).</summary>
        private async Task<IReadOnlyList<Reached>> ByNameAsync(Source source, SqlNames names)
        {
            var byName = new NpgsqlBatchCommand(EmbeddedFiles.Get("Safety/Vetting/Sql/by_name.sql"))
            {
                Parameters =
                {
                    new() { Value = names.Functions.Select(f => f.Schema).ToArray() }, new() { Value = names.Functions.Select(f => f.Name).ToArray() },
                    new() { Value = names.Operators.Select(o => o.Schema).ToArray() }, new() { Value = names.Operators.Select(o => o.Name).ToArray() },
                    new() { Value = names.Relations.Select(r => r.Schema).ToArray() }, new() { Value = names.Relations.Select(r => r.Name).ToArray() },
                },
            };
            await using var batch = new NpgsqlBatch(connection);
            if (source.SearchPath is not null)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand($"SAVEPOINT {ProbeName}"));
                batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT set_config('search_path', $1, true)") { Parameters = { new() { Value = source.SearchPath } } });
                batch.BatchCommands.Add(byName);
                batch.BatchCommands.Add(new NpgsqlBatchCommand($"ROLLBACK TO SAVEPOINT {ProbeName}"));
                batch.BatchCommands.Add(new NpgsqlBatchCommand($"RELEASE SAVEPOINT {ProbeName}"));
            }
            else
            {
                batch.BatchCommands.Add(byName);
            }

            return await ReadReachedAsync(batch, source.Via);
        }

        private async Task<IReadOnlyList<Reached>> QueryReachedAsync(string sql, string via, string catalog, uint oid)
        {
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands = { new NpgsqlBatchCommand(sql) { Parameters = { new() { Value = catalog }, OidArray([oid]) } } },
            };
            return await ReadReachedAsync(batch, via);
        }

        /// <summary>The rows of dependencies.sql or by_name.sql in a batch; other commands' answers are skipped.</summary>
        private async Task<IReadOnlyList<Reached>> ReadReachedAsync(NpgsqlBatch batch, string via)
        {
            var reached = new List<Reached>();
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            do
            {
                while (reader.FieldCount == 3 && reader.GetName(0) == "kind" && await reader.ReadAsync(cancellationToken))
                {
                    reached.Add(ReadReached(reader, via));
                }
            }
            while (await reader.NextResultAsync(cancellationToken));

            return reached;
        }

        /// <summary>
        /// Reads the facts of the functions and relations just reached, and checks the built-in names seen so far, in one
        /// round trip; what they lead to is queued for the next round.
        /// </summary>
        private async Task FollowAsync(IReadOnlyList<Reached> functions, IReadOnlyList<Reached> relations)
        {
            var names = _builtInNames.Except(_builtInNamesChecked).ToArray();
            _builtInNamesChecked.UnionWith(names);
            if (functions.Count == 0 && relations.Count == 0 && names.Length == 0)
            {
                return;
            }

            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand(EmbeddedFiles.Get("Safety/Vetting/Sql/functions.sql")) { Parameters = { OidArray(functions.Select(f => f.Oid).ToArray()) } },
                    new NpgsqlBatchCommand(EmbeddedFiles.Get("Safety/Vetting/Sql/relations.sql")) { Parameters = { OidArray(relations.Select(r => r.Oid).ToArray()) } },
                    new NpgsqlBatchCommand(EmbeddedFiles.Get("Safety/Vetting/Sql/builtin_volatile.sql")) { Parameters = { new() { Value = names } } },
                },
            };
            var facts = new List<FunctionFacts>();
            await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var oid = reader.GetFieldValue<uint>(0);
                    facts.Add(new FunctionFacts(
                        Oid: oid,
                        Via: functions.First(f => f.Oid == oid).Via,
                        Qualified: $"{reader.GetString(1)}.{reader.GetString(2)}",
                        Name: reader.GetString(2),
                        BuiltIn: reader.GetBoolean(3),
                        Language: reader.GetString(4),
                        TrustedLanguage: reader.GetBoolean(5),
                        SecurityDefiner: reader.GetBoolean(6),
                        Volatile: reader.GetString(7) == "v",
                        Extension: reader.IsDBNull(8) ? null : reader.GetString(8),
                        Body: reader.IsDBNull(9) ? null : reader.GetString(9),
                        AtomicBody: reader.GetBoolean(10),
                        Arguments: reader.GetString(11),
                        SearchPath: reader.IsDBNull(12) ? null : reader.GetString(12),
                        AggregateSupport: reader.GetFieldValue<uint[]>(13),
                        OwnerIsSuperuser: reader.GetBoolean(14)));
                }

                await reader.NextResultAsync(cancellationToken);
                await ReadRelationsAsync(reader, relations);
                await reader.NextResultAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var name = reader.GetString(0);
                    if (!FunctionCatalog.IsHarmlessVolatile(name))
                    {
                        Report(new UnvettedCode($"built-in function {name}", TopLevel, "declared VOLATILE: it may have effects beyond computing its result", Escapes: false, Sandboxable: true));
                    }
                }
            }

            var aggregateSupport = new List<Reached>();
            _callsUserFunctions |= facts.Any(f => !f.BuiltIn);
            _replaceable.UnionWith(facts.Where(f => f is { BuiltIn: false, OwnerIsSuperuser: false }).Select(f => f.Qualified));
            foreach (var f in facts)
            {
                var what = $"function {f.Qualified}({f.Arguments})";
                if (f.AggregateSupport.Length > 0)
                {
                    // An aggregate has no code of its own: it runs its support functions.
                    aggregateSupport.AddRange(f.AggregateSupport.Where(oid => _seen.Add(('f', oid))).Select(oid => new Reached('f', oid, $"aggregate {f.Qualified}")));
                }
                else if (Judge(f) is { } problem)
                {
                    Report(new UnvettedCode(what + (f.BuiltIn ? "" : $" ({f.Language})"), f.Via, problem.Why, problem.Escapes, problem.Sandboxable));
                }
                else if (f is { BuiltIn: false, Language: "sql", Body: { } body } && !trusted.Contains(f.Qualified))
                {
                    Add(f.AtomicBody
                        ? new Source(body, what, Catalog: "pg_proc", Oid: f.Oid)
                        : new Source(body, what, Arguments: f.Arguments, SearchPath: f.SearchPath));
                }
            }


            if (aggregateSupport.Count > 0)
            {
                await FollowAsync(aggregateSupport, []);
            }
        }

        private sealed record FunctionFacts(
            uint Oid, string Via, string Qualified, string Name, bool BuiltIn, string Language, bool TrustedLanguage, bool SecurityDefiner,
            bool Volatile, string? Extension, string? Body, bool AtomicBody, string Arguments, string? SearchPath, uint[] AggregateSupport,
            bool OwnerIsSuperuser);

        private sealed record Problem(string Why, bool Escapes, bool Sandboxable);

        /// <summary>Why a function cannot be vouched for, or null when it can (SQL bodies are followed, not judged).</summary>
        private Problem? Judge(FunctionFacts f)
        {
            if (f.BuiltIn)
            {
                if (FunctionCatalog.Judge(new SqlName("pg_catalog", f.Name), out var effect) == FunctionSafety.Denied)
                {
                    return new Problem($"it {effect}", Escapes: true, Sandboxable: false);
                }

                return f.Volatile && !FunctionCatalog.IsHarmlessVolatile(f.Name)
                    ? new Problem("a built-in declared VOLATILE: it may have effects beyond computing its result", Escapes: false, Sandboxable: true)
                    : null;
            }

            if (f.Extension is { } extension && EscapeExtensions.Contains(extension))
            {
                return new Problem($"it belongs to the extension {extension}, which reaches other servers or the server's files", Escapes: true, Sandboxable: false);
            }

            if (FunctionCatalog.Judge(new SqlName(null, f.Name), out var denied) == FunctionSafety.Denied && f.Extension is not null)
            {
                return new Problem($"it {denied}", Escapes: true, Sandboxable: false);
            }

            if (trusted.Contains(f.Qualified))
            {
                return null;
            }

            if (f.Language is "c" or "internal")
            {
                if (f.Extension is null)
                {
                    return new Problem("native code that no extension installed: it can do anything the server process can", Escapes: true, Sandboxable: false);
                }

                return f.Volatile && !FunctionCatalog.IsHarmlessVolatile(f.Name)
                    ? new Problem($"native code of the extension {f.Extension} declared VOLATILE: it may have effects beyond computing its result", Escapes: false, Sandboxable: false)
                    : null;
            }

            if (f.Language == "sql")
            {
                return null;
            }

            var rights = f.SecurityDefiner ? ", running with its owner's rights (SECURITY DEFINER)" : "";
            return f.TrustedLanguage
                ? new Problem($"{f.Language} code the guard cannot read{rights}; its declared volatility is no proof of what it does", Escapes: false, Sandboxable: !f.SecurityDefiner)
                : new Problem($"code in the untrusted language {f.Language}{rights}: it can reach the server's files, programs and network", Escapes: true, Sandboxable: false);
        }

        private async Task ReadRelationsAsync(NpgsqlDataReader reader, IReadOnlyList<Reached> relations)
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var via = relations.First(r => r.Oid == reader.GetFieldValue<uint>(0)).Via;
                var name = reader.GetString(1);
                var kind = reader.GetString(2);
                if (reader.GetBoolean(3))
                {
                    continue; // the system's own views
                }

                if (kind == "f")
                {
                    Report(new UnvettedCode($"foreign table {name}", via, "its rows come from another server or a file", Escapes: true, Sandboxable: false));
                    continue;
                }

                var what = (kind == "v" ? "view " : "table ") + name;
                var rules = reader.GetFieldValue<uint[]>(4);
                var ruleSql = reader.GetFieldValue<string[]>(5);
                for (var i = 0; i < rules.Length; i++)
                {
                    Add(new Source(ruleSql[i], what, Catalog: "pg_rewrite", Oid: rules[i]));
                }

                var policies = reader.GetFieldValue<uint[]>(6);
                var policySql = reader.GetFieldValue<string[]>(7);
                for (var i = 0; i < policies.Length; i++)
                {
                    Add(new Source(policySql[i], "row-level security policy on " + name, Catalog: "pg_policy", Oid: policies[i]));
                }

                _carried.AddRange(reader.GetFieldValue<uint[]>(15).Select(support => new Reached('f', support, "an index of " + name)));
                var (schema, relation) = (reader.GetString(11), reader.GetString(12));
                if (_writeTargets.Contains(new SqlName(null, relation)) || _writeTargets.Contains(new SqlName(schema, relation))
                    || _writtenInTurn.Contains(reader.GetFieldValue<uint>(0)))
                {
                    // Cascading foreign keys, partitions and inheritance children take the write further.
                    foreach (var next in reader.GetFieldValue<uint[]>(18).Where(_writtenInTurn.Add))
                    {
                        _seen.Remove(('r', next)); // read already, perhaps, but not yet as written
                        _carried.Add(new Reached('r', next, "a table written in turn by a write to " + name));
                    }

                    // Rows written to it evaluate its defaults, CHECK constraints and index expressions and fire its triggers;
                    // ANALYZE evaluates its index and statistics expressions.
                    var defaults = reader.GetFieldValue<uint[]>(8);
                    var defaultSql = reader.GetFieldValue<string[]>(13);
                    for (var i = 0; i < defaults.Length; i++)
                    {
                        Add(new Source(defaultSql[i], "a column default of " + name, Catalog: "pg_attrdef", Oid: defaults[i]));
                    }

                    var checks = reader.GetFieldValue<uint[]>(9);
                    var checkSql = reader.GetFieldValue<string[]>(14);
                    for (var i = 0; i < checks.Length; i++)
                    {
                        Add(new Source(checkSql[i], "a CHECK constraint of " + name, Catalog: "pg_constraint", Oid: checks[i]));
                    }

                    var indexes = reader.GetFieldValue<uint[]>(16);
                    var indexSql = reader.GetFieldValue<string[]>(17);
                    for (var i = 0; i < indexes.Length; i++)
                    {
                        Add(new Source(indexSql[i], "an index expression of " + name, Catalog: "pg_class", Oid: indexes[i]));
                    }

                    var statistics = reader.GetFieldValue<uint[]>(19);
                    var statisticsSql = reader.GetFieldValue<string[]>(20);
                    for (var i = 0; i < statistics.Length; i++)
                    {
                        Add(new Source(statisticsSql[i], "a statistics expression of " + name, Catalog: "pg_statistic_ext", Oid: statistics[i]));
                    }

                    _carried.AddRange(reader.GetFieldValue<uint[]>(10).Select(trigger => new Reached('f', trigger, "a trigger on " + name)));
                }
            }
        }

        /// <summary>A row of dependencies.sql or by_name.sql: kind, oid, and the name or SQL text that goes with it.</summary>
        private static Reached ReadReached(NpgsqlDataReader reader, string via) =>
            new(reader.GetString(0)[0], reader.GetFieldValue<uint>(1), via, reader.IsDBNull(2) ? null : reader.GetString(2));

        private static NpgsqlParameter OidArray(uint[] oids) => new() { Value = oids, DataTypeName = "oid[]" };
    }
}
