using System.Text.Json;
using static McpDbEngineer.Sql.Parsing.ParseTree;

namespace McpDbEngineer.Sql.Parsing;

/// <summary>
/// Classifies one raw statement node: its own kind decides the command and class, and a walk of everything
/// below it finds the function calls, data-modifying CTEs and row locks that change what a SELECT really does.
/// </summary>
internal static class StatementAnalyzer
{
    public static StatementAnalysis Analyze(JsonElement node)
    {
        if (!TryNode(node, out var type, out var body))
        {
            var unknown = new StatementAnalysis("UNKNOWN", StatementClass.Utility);
            unknown.Reason("the guard does not recognise this statement");
            return unknown;
        }

        switch (type)
        {
            case "ExplainStmt":
                return Explain(body);
            case "PrepareStmt":
                return Wrapping(body, "PREPARE", StatementClass.Utility, "PREPARE stores a statement to run later with EXECUTE");
            case "DeclareCursorStmt":
                return Wrapping(body, "DECLARE CURSOR", StatementClass.Utility, "DECLARE opens a cursor that outlives the statement");
            case "CreateTableAsStmt":
                var into = Field(Field(body, "into"), "rel");
                var created = Text(body, "objtype") == "OBJECT_MATVIEW" ? "MATERIALIZED VIEW" : "TABLE";
                return Wrapping(body, $"CREATE {created} AS", StatementClass.Ddl, $"CREATE {created} AS creates {created.ToLowerInvariant()} {Relation(into)}");
        }

        var analysis = type switch
        {
            "SelectStmt" => Select(body),
            "InsertStmt" or "UpdateStmt" or "DeleteStmt" or "MergeStmt" => Modification(type, body),
            "CopyStmt" => Copy(body),
            "VariableShowStmt" => new StatementAnalysis("SHOW", StatementClass.Read),
            "TransactionStmt" => Transaction(body),
            "VariableSetStmt" => Setting(body),
            "DiscardStmt" => Session("DISCARD", "DISCARD throws away session state (prepared statements, temporary tables, settings)"),
            "ConstraintsSetStmt" => Session("SET CONSTRAINTS", "SET CONSTRAINTS changes when the transaction checks constraints"),
            _ => UtilityOrDdl(type, body),
        };

        BeyondTheDatabase.Check(type, body, analysis);
        var scan = TreeScan.Of(body);
        BeyondTheDatabase.CheckReads(scan.Relations, analysis);
        analysis.Calls(scan.Functions);
        if (type is "SelectStmt" or "InsertStmt" or "UpdateStmt" or "DeleteStmt" or "MergeStmt")
        {
            Executes(analysis, scan);
        }

        return analysis;
    }

    /// <summary>What runs inside a query: data-modifying CTEs and row locks make a SELECT a write.</summary>
    private static void Executes(StatementAnalysis analysis, TreeScan scan)
    {
        foreach (var modification in scan.Modifications)
        {
            analysis.Reason($"data-modifying CTE ({modification.Command} on {modification.Target})");
            Promote(analysis);
            if (BeyondTheDatabase.ProtectedRelation(modification.Target) is { } target)
            {
                analysis.Forbid($"it changes {target}, which only PostgreSQL and this server may change");
            }

            if (modification.AllRows)
            {
                analysis.Destroys($"all rows of {modification.Target}", AllRowsReason(modification.Command, modification.Target));
            }
        }

        foreach (var lockStrength in scan.Locks)
        {
            analysis.Reason($"SELECT … {lockStrength} locks the rows it reads, which needs a writable transaction");
            Promote(analysis);
        }
    }

    private static void Promote(StatementAnalysis analysis)
    {
        if (analysis.Class == StatementClass.Read)
        {
            analysis.Class = StatementClass.Write;
        }
    }

    private static string AllRowsReason(string command, string target) => command switch
    {
        "DELETE" => $"DELETE without WHERE (or with one true for every row) removes every row of {target}",
        "UPDATE" => $"UPDATE without WHERE (or with one true for every row) overwrites every row of {target}",
        _ => $"MERGE with an ON true for every row deletes or overwrites every row of {target}",
    };

    private static StatementAnalysis Select(JsonElement body)
    {
        var values = Has(body, "valuesLists") && !Has(body, "targetList");
        var analysis = new StatementAnalysis(values ? "VALUES" : "SELECT", StatementClass.Read);
        if (Field(body, "intoClause") is { ValueKind: JsonValueKind.Object } into)
        {
            analysis.Command = "SELECT INTO";
            analysis.Class = StatementClass.Write;
            analysis.Reason($"SELECT INTO creates table {Relation(Field(into, "rel"))}");
        }

        return analysis;
    }

    private static StatementAnalysis Modification(string type, JsonElement body)
    {
        var command = TreeScan.ModificationCommand(type);
        var target = Relation(Field(body, "relation"));
        var analysis = new StatementAnalysis(command, StatementClass.Write);
        analysis.Reason(command == "INSERT" ? $"INSERT adds rows to {target}" : $"{command} changes rows of {target}");
        if (TreeScan.AffectsAllRows(type, body))
        {
            analysis.Destroys($"all rows of {target}", AllRowsReason(command, target));
        }

        return analysis;
    }

    private static StatementAnalysis Explain(JsonElement body)
    {
        var inner = Analyze(Field(body, "query"));
        var analyze = Items(body, "options").Any(option =>
            TryNode(option, out _, out var definition) && Text(definition, "defname") == "analyze" && !IsFalse(Field(definition, "arg")));
        if (!analyze)
        {
            var plan = new StatementAnalysis("EXPLAIN", StatementClass.Read);
            plan.AbsorbCalls(inner);
            return plan;
        }

        inner.Command = "EXPLAIN ANALYZE " + inner.Command;
        if (inner.Class != StatementClass.Read)
        {
            inner.FirstReason("EXPLAIN ANALYZE executes the statement it explains");
        }

        return inner;
    }

    private static StatementAnalysis Wrapping(JsonElement body, string command, StatementClass statementClass, string reason)
    {
        var analysis = new StatementAnalysis(command, statementClass);
        analysis.Reason(reason);
        analysis.Absorb(Analyze(Field(body, "query")));
        analysis.Calls(TreeScan.Of(body).Functions);
        return analysis;
    }

    private static StatementAnalysis Copy(JsonElement body)
    {
        var target = Has(body, "relation") ? Relation(Field(body, "relation")) : "a query's result";
        var file = Text(body, "filename");
        var from = Flag(body, "is_from");
        StatementAnalysis analysis;
        if (Flag(body, "is_program"))
        {
            analysis = new StatementAnalysis(from ? "COPY FROM PROGRAM" : "COPY TO PROGRAM", StatementClass.Utility);
            analysis.Reason($"COPY … PROGRAM runs the shell command '{file}' on the database server");
        }
        else if (from)
        {
            analysis = new StatementAnalysis("COPY FROM", StatementClass.Write);
            analysis.Reason($"COPY FROM adds rows to {target}");
            if (file is not null)
            {
                analysis.Reason($"COPY FROM reads the file '{file}' on the database server");
            }
        }
        else if (file is not null)
        {
            analysis = new StatementAnalysis("COPY TO", StatementClass.Utility);
            analysis.Reason($"COPY TO writes the file '{file}' on the database server");
        }
        else
        {
            analysis = new StatementAnalysis("COPY TO", StatementClass.Read);
        }

        if (Has(body, "query"))
        {
            var inner = Analyze(Field(body, "query"));
            analysis.Absorb(inner);
            if (analysis.Class == StatementClass.Read)
            {
                analysis.Class = inner.Class;
            }
        }

        return analysis;
    }

    private static StatementAnalysis Transaction(JsonElement body)
    {
        var kind = Text(body, "kind");
        var command = kind switch
        {
            "TRANS_STMT_BEGIN" => "BEGIN",
            "TRANS_STMT_START" => "START TRANSACTION",
            "TRANS_STMT_COMMIT" => "COMMIT",
            "TRANS_STMT_ROLLBACK" => "ROLLBACK",
            "TRANS_STMT_SAVEPOINT" => "SAVEPOINT",
            "TRANS_STMT_RELEASE" => "RELEASE SAVEPOINT",
            "TRANS_STMT_ROLLBACK_TO" => "ROLLBACK TO SAVEPOINT",
            "TRANS_STMT_PREPARE" => "PREPARE TRANSACTION",
            "TRANS_STMT_COMMIT_PREPARED" => "COMMIT PREPARED",
            "TRANS_STMT_ROLLBACK_PREPARED" => "ROLLBACK PREPARED",
            _ => "TRANSACTION",
        };
        var analysis = new StatementAnalysis(command, StatementClass.Transaction);
        analysis.Reason(kind switch
        {
            "TRANS_STMT_BEGIN" or "TRANS_STMT_START" => $"{command} opens a transaction; the server already runs each call in a transaction of its own",
            "TRANS_STMT_COMMIT" or "TRANS_STMT_ROLLBACK" or "TRANS_STMT_PREPARE" =>
                $"{command} ends the transaction the server opened, so what follows would run outside its protection",
            _ => $"{command} controls the transaction, which the server manages itself",
        });
        if (Items(body, "options").Any(IsReadWrite))
        {
            analysis.Reason($"{command} READ WRITE asks for a transaction that can write");
        }

        return analysis;
    }

    private static StatementAnalysis Setting(JsonElement body)
    {
        var kind = Text(body, "kind");
        var name = Text(body, "name");
        var command = (kind, name) switch
        {
            ("VAR_SET_MULTI", "TRANSACTION") => "SET TRANSACTION",
            ("VAR_SET_MULTI", "SESSION CHARACTERISTICS") => "SET SESSION CHARACTERISTICS",
            ("VAR_SET_MULTI", "TRANSACTION SNAPSHOT") => "SET TRANSACTION SNAPSHOT",
            ("VAR_RESET" or "VAR_RESET_ALL", _) => "RESET",
            (_, "role") => "SET ROLE",
            (_, "session_authorization") => "SET SESSION AUTHORIZATION",
            _ => Flag(body, "is_local") ? "SET LOCAL" : "SET",
        };
        var analysis = Session(command, command switch
        {
            "SET ROLE" or "SET SESSION AUTHORIZATION" => $"{command} changes who the session acts as, and so what it may do",
            "RESET" => name is null ? "RESET ALL puts every session setting back to its default" : $"RESET puts the session setting {name} back to its default",
            "SET TRANSACTION" or "SET SESSION CHARACTERISTICS" or "SET TRANSACTION SNAPSHOT" => $"{command} changes how the transaction runs",
            _ => $"{command} changes the session setting {name}",
        });
        if (Items(body, "args").Any(IsReadWrite))
        {
            analysis.Reason($"{command} READ WRITE switches the transaction to read-write");
        }

        if (name is "transaction_read_only" or "default_transaction_read_only")
        {
            analysis.Reason($"{command} {name} can switch off read-only mode");
        }

        return analysis;
    }

    private static StatementAnalysis Session(string command, string reason)
    {
        var analysis = new StatementAnalysis(command, StatementClass.Session);
        analysis.Reason(reason);
        return analysis;
    }

    private static StatementAnalysis UtilityOrDdl(string type, JsonElement body)
    {
        var (command, reason) = type switch
        {
            "LockStmt" => ("LOCK", $"LOCK takes locks on {string.Join(", ", Items(body, "relations").Select(RelationNode))} until the transaction ends"),
            "ListenStmt" => ("LISTEN", "LISTEN subscribes the session to notifications"),
            "UnlistenStmt" => ("UNLISTEN", "UNLISTEN changes the session's notification subscriptions"),
            "NotifyStmt" => ("NOTIFY", "NOTIFY sends a notification to listening sessions"),
            "ExecuteStmt" => ("EXECUTE", $"EXECUTE runs the prepared statement {Text(body, "name")}, whose text the guard cannot see"),
            "DeallocateStmt" => ("DEALLOCATE", "DEALLOCATE removes prepared statements"),
            "DoStmt" => ("DO", "DO runs a procedural code block the guard cannot inspect"),
            "CallStmt" => ("CALL", $"CALL runs the procedure {string.Join('.', Names(Field(Field(body, "funccall"), "funcname")))}, which can do anything its code does"),
            "LoadStmt" => ("LOAD", $"LOAD loads the shared library '{Text(body, "filename")}' into the server process"),
            "CheckPointStmt" => ("CHECKPOINT", "CHECKPOINT forces a checkpoint: a burst of disk writes on the server"),
            "ReindexStmt" when Text(body, "kind") is not ("REINDEX_OBJECT_INDEX" or "REINDEX_OBJECT_TABLE") =>
                ("REINDEX", "REINDEX of a whole schema, database or the system catalogs rebuilds every index in it; name the table or index (REINDEX TABLE CONCURRENTLY …)"),
            "ReindexStmt" => ("", ""),
            "FetchStmt" => (Flag(body, "ismove") ? "MOVE" : "FETCH", "FETCH and MOVE work on a cursor, which outlives the statement"),
            "ClosePortalStmt" => ("CLOSE", "CLOSE closes a cursor"),
            "AlterSystemStmt" => ("ALTER SYSTEM", "ALTER SYSTEM rewrites the server's configuration file"),
            "VacuumStmt" when !Has(body, "rels") =>
                (Vacuum(body), $"{Vacuum(body)} without a table list processes every table of the database; name the tables it should process"),
            "VacuumStmt" when Vacuum(body) != "VACUUM FULL" => ("", ""),
            "VacuumStmt" => ("VACUUM FULL", ""),
            "ClusterStmt" => ("CLUSTER", ""),
            _ => ("", ""),
        };

        if (command.Length == 0)
        {
            return type switch
            {
                "VacuumStmt" => Maintenance(body),
                "ReindexStmt" => Reindex(body),
                _ => DdlAnalyzer.Analyze(type, body),
            };
        }

        var analysis = new StatementAnalysis(command, StatementClass.Utility);
        if (reason.Length > 0)
        {
            analysis.Reason(reason);
        }
        else if (command is "CLUSTER" or "VACUUM FULL")
        {
            analysis.Disrupts($"{command} rewrites whole tables under an ACCESS EXCLUSIVE lock, blocking every reader and writer until it ends");
        }
        else
        {
            analysis.Reason($"{command} does maintenance work on tables");
        }

        return analysis;
    }

    /// <summary>
    /// VACUUM (not FULL) and ANALYZE of named tables: they change statistics and free space, not rows, so read-write mode
    /// allows them like DDL — vetted like writes, since ANALYZE evaluates the tables' index and statistics expressions.
    /// </summary>
    private static StatementAnalysis Maintenance(JsonElement body)
    {
        var command = Vacuum(body);
        var tables = Items(body, "rels").Select(rel => Relation(Field(Field(rel, "VacuumRelation"), "relation")));
        var analysis = new StatementAnalysis(command, StatementClass.Ddl);
        analysis.Reason(command == "ANALYZE"
            ? $"ANALYZE updates the planner's statistics of {string.Join(", ", tables)}"
            : $"VACUUM reclaims dead rows' space in {string.Join(", ", tables)} (and updates statistics with ANALYZE)");
        if (command == "VACUUM")
        {
            analysis.OutsideTransactionReason = "VACUUM cannot run inside a transaction block";
        }

        return analysis;
    }

    /// <summary>REINDEX of one table or index, like CREATE INDEX: it rebuilds, evaluating the index expressions.</summary>
    private static StatementAnalysis Reindex(JsonElement body)
    {
        var analysis = new StatementAnalysis("REINDEX", StatementClass.Ddl);
        var concurrently = Items(body, "params").Any(option =>
            TryNode(option, out _, out var definition) && Text(definition, "defname") == "concurrently" && !IsFalse(Field(definition, "arg")));
        var what = (Text(body, "kind") == "REINDEX_OBJECT_INDEX" ? "index " : "the indexes of ") + Relation(Field(body, "relation"));
        analysis.Reason(concurrently
            ? $"REINDEX CONCURRENTLY rebuilds {what} without blocking writes"
            : $"REINDEX rebuilds {what}, blocking writes to the table until it ends");
        if (concurrently)
        {
            analysis.OutsideTransactionReason = "REINDEX CONCURRENTLY cannot run inside a transaction block";
        }

        return analysis;
    }

    private static string Vacuum(JsonElement body)
    {
        if (!Flag(body, "is_vacuumcmd"))
        {
            return "ANALYZE";
        }

        var full = Items(body, "options").Any(option =>
            TryNode(option, out _, out var definition) && Text(definition, "defname") == "full" && !IsFalse(Field(definition, "arg")));
        return full ? "VACUUM FULL" : "VACUUM";
    }

    private static string RelationNode(JsonElement node) => TryNode(node, out _, out var body) ? Relation(body) : "?";

    /// <summary>A DefElem "transaction_read_only = false", which is how the parser writes READ WRITE.</summary>
    private static bool IsReadWrite(JsonElement option) =>
        TryNode(option, out _, out var definition) && Text(definition, "defname") == "transaction_read_only" && IsFalse(Field(definition, "arg"));

    /// <summary>
    /// Whether an option's value is clearly false (off, false, no, 0). Anything else counts as true, so an
    /// unusual spelling of EXPLAIN's ANALYZE option is taken to mean it runs.
    /// </summary>
    private static bool IsFalse(JsonElement argument)
    {
        if (!TryNode(argument, out var type, out var body))
        {
            return false;
        }

        if (type == "A_Const")
        {
            foreach (var property in body.EnumerateObject())
            {
                if (property.Name != "location")
                {
                    return IsFalseValue(property.Name, property.Value);
                }
            }

            return false;
        }

        return IsFalseValue(type, body);
    }

    private static bool IsFalseValue(string type, JsonElement body) => type switch
    {
        "Integer" or "ival" => !Has(body, "ival") || body.GetProperty("ival").GetInt64() == 0,
        "Boolean" or "boolval" => !Flag(body, "boolval"),
        "String" or "sval" => Text(body, "sval")?.ToLowerInvariant() is "off" or "false" or "no" or "f" or "n" or "0",
        _ => false,
    };
}
