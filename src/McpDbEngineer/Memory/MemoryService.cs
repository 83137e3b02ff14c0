using System.Diagnostics;
using McpDbEngineer.Catalog;
using McpDbEngineer.Database;
using McpDbEngineer.Safety.Audit;
using McpDbEngineer.Sql;
using Microsoft.Extensions.Options;
using Npgsql;
using Pgvector;

namespace McpDbEngineer.Memory;

/// <summary>Who asks, for the author field and the audit log: the MCP client's name and session.</summary>
public sealed record MemoryCaller(string? ClientName, string? SessionId)
{
    public string Audit => $"{ClientName ?? "unknown"}/{SessionId ?? "stdio"}";
}

/// <summary>What remember did: the memory's id, whether it is new or merged into the same memory, and any note.</summary>
public sealed record Remembered(Guid Id, bool Inserted, string Where, string? Note);

/// <summary>A search's answer: the memories in fused order and what was searched.</summary>
public sealed record SearchOutcome(string Where, string? Target, IReadOnlyList<(FusedHit Hit, MemoryRecord Memory)> Hits, SearchSignals Used, string? Note);

/// <summary>
/// Decision memory: store, read, search, forget and supersede memories in the memory database (<see cref="MemoryStore"/>).
/// Every write is one transaction, run again after a transient fault, answered only after COMMIT, and recorded in the
/// audit log; vectors come from <see cref="MemoryEmbeddings"/> and are only compared with vectors of the same model.
/// </summary>
public sealed class MemoryService(
    MemoryStore store, MemoryEmbeddings embeddings, DatabaseExecutor targetExecutor, AuditLog audit, IOptions<MemoryOptions> options)
{
    /// <summary>How many candidates each search hands to the fusion: enough that agreement lower down still counts.</summary>
    private const int CandidatesPerSearch = 50;

    private readonly Lock _gate = new();
    private Task<(string Model, int Dimensions)>? _storeModel;

    public int MaxBodyBytes => options.Value.MaxBodyBytes;

    public async Task<Remembered> RememberAsync(NewMemory memory, Guid? supersedes, MemoryCaller caller, string tool, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var database = await store.OpenAsync(cancellationToken);
        var target = await store.TargetAsync(cancellationToken);
        var objects = await ResolveObjectsAsync(memory.Objects, cancellationToken);
        var (vector, note) = await VectorAsync(database, memory.Title + "\n" + memory.Body, cancellationToken);
        var (id, inserted) = await WriteAsync(database, tool, async (connection, ct) =>
        {
            if (supersedes is { } old && await ReadAsync(connection, [old], ct) is [])
            {
                throw new ToolException($"No memory {old} to supersede. search_memory or list_memories show the ids.");
            }

            await using var command = new NpgsqlCommand(EmbeddedFiles.Get("Memory/Sql/remember.sql"), connection);
            command.Parameters.Add(new() { Value = target });
            command.Parameters.Add(new() { Value = memory.Kind });
            command.Parameters.Add(new() { Value = memory.Title });
            command.Parameters.Add(new() { Value = memory.Body });
            command.Parameters.Add(new() { Value = memory.Tags.ToArray() });
            command.Parameters.Add(new() { Value = objects });
            command.Parameters.Add(new() { Value = memory.Scope });
            command.Parameters.Add(new() { Value = memory.Author ?? caller.ClientName ?? "unknown" });
            command.Parameters.Add(new() { Value = (object?)(memory.SessionId ?? caller.SessionId) ?? DBNull.Value, DataTypeName = "text" });
            command.Parameters.Add(new() { Value = memory.ContentHash });
            command.Parameters.Add(new() { Value = (object?)supersedes ?? DBNull.Value, DataTypeName = "uuid" });
            command.Parameters.Add(vector is null ? new() { Value = DBNull.Value, DataTypeName = "vector" } : new() { Value = vector });
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return (reader.GetGuid(0), reader.GetBoolean(1));
        }, cancellationToken);

        var what = supersedes is { } replaced ? $"supersede {replaced} with" : "remember";
        await AuditAsync(tool, caller, $"{what} {memory.Kind} '{memory.Title}'", database.Where, started, $"ok: {(inserted ? "stored" : "merged into")} {id}", cancellationToken);
        return new Remembered(id, inserted, database.Where, note);
    }

    public async Task<(string Where, MemoryRecord? Memory, IReadOnlyList<MemoryRecord> Chain)> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var database = await store.OpenAsync(cancellationToken);
        return await database.Executor.ReadOnlyAsync(async (connection, ct) =>
        {
            if (await ReadAsync(connection, [id], ct) is not [var memory])
            {
                return (database.Where, (MemoryRecord?)null, (IReadOnlyList<MemoryRecord>)[]);
            }

            // The chain both ways: what this one replaced, and what replaced it (bounded: chains are short, loops are not possible).
            var chain = new List<MemoryRecord>();
            var older = memory.Supersedes;
            while (older is { } o && chain.Count < 20 && await ReadAsync(connection, [o], ct) is [var previous])
            {
                chain.Add(previous);
                older = previous.Supersedes;
            }

            var newer = memory.SupersededBy;
            while (newer is { } n && chain.Count < 40 && await ReadAsync(connection, [n], ct) is [var next])
            {
                chain.Insert(0, next);
                newer = next.SupersededBy;
            }

            return (database.Where, (MemoryRecord?)memory, (IReadOnlyList<MemoryRecord>)chain);
        }, cancellationToken);
    }

    public async Task<(string Where, IReadOnlyList<MemoryRecord> Memories)> ListAsync(MemoryFilter filter, int limit, CancellationToken cancellationToken)
    {
        var database = await store.OpenAsync(cancellationToken);
        var target = filter.AllTargets ? null : await store.TargetAsync(cancellationToken);
        var memories = await database.Executor.ReadOnlyAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand($"WITH {EmbeddedFiles.Get("Memory/Sql/memory_filter.sql")} {EmbeddedFiles.Get("Memory/Sql/list_memories.sql")}", connection);
            AddFilter(command, target, filter);
            command.Parameters.Add(new() { Value = limit });
            var ids = new List<Guid>();
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    ids.Add(reader.GetGuid(0));
                }
            }

            var found = await ReadAsync(connection, ids, ct);
            return (IReadOnlyList<MemoryRecord>)[.. found.OrderByDescending(m => m.CreatedAt)];
        }, cancellationToken);
        return (database.Where, memories);
    }

    public async Task<SearchOutcome> SearchAsync(string query, MemoryFilter filter, SearchSignals wanted, int limit, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            throw new ToolException("The query is empty. Ask in words (\"why are order ids uuids\"); list_memories lists without a query.");
        }

        var database = await store.OpenAsync(cancellationToken);
        var target = filter.AllTargets ? null : await store.TargetAsync(cancellationToken);
        var notes = new List<string>();
        var signals = wanted & (database.Trigram ? SearchSignals.All : ~SearchSignals.Trigram);
        if (wanted.HasFlag(SearchSignals.Trigram) && !database.Trigram)
        {
            notes.Add("trigram search off: pg_trgm is not installed in the memory database");
        }

        Vector? vector = null;
        if (signals.HasFlag(SearchSignals.Vector))
        {
            (vector, var why) = await VectorAsync(database, query, cancellationToken);
            if (vector is null)
            {
                signals &= ~SearchSignals.Vector;
                if (why is not null)
                {
                    notes.Add(why);
                }
            }
        }

        if (signals == SearchSignals.None)
        {
            throw new ToolException($"No search can run ({string.Join("; ", notes)}). Ask for signals fulltext or trigram.");
        }

        var hits = await database.Executor.ReadOnlyAsync(async (connection, ct) =>
        {
            var parts = new List<string>();
            if (signals.HasFlag(SearchSignals.FullText))
            {
                parts.Add(EmbeddedFiles.Get("Memory/Sql/search_fulltext.sql"));
            }

            if (signals.HasFlag(SearchSignals.Trigram))
            {
                parts.Add(EmbeddedFiles.Get("Memory/Sql/search_trigram.sql"));
            }

            if (signals.HasFlag(SearchSignals.Vector))
            {
                parts.Add(EmbeddedFiles.Get("Memory/Sql/search_vector.sql"));
            }

            var places = new List<(SearchSignals, Guid, int)>();
            await using (var command = new NpgsqlCommand(
                $"WITH {EmbeddedFiles.Get("Memory/Sql/memory_filter.sql")}\n{string.Join("\nUNION ALL\n", parts.Select(p => $"({p})"))}", connection))
            {
                AddFilter(command, target, filter);
                command.Parameters.Add(new() { Value = query });
                command.Parameters.Add(new() { Value = CandidatesPerSearch });
                if (vector is not null)
                {
                    command.Parameters.Add(new() { Value = vector });
                }

                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var signal = reader.GetString(0) switch
                    {
                        "fulltext" => SearchSignals.FullText,
                        "trigram" => SearchSignals.Trigram,
                        _ => SearchSignals.Vector,
                    };
                    places.Add((signal, reader.GetGuid(1), (int)reader.GetInt64(2)));
                }
            }

            var fused = RankFusion.Fuse(places).Take(limit).ToList();
            var records = (await ReadAsync(connection, [.. fused.Select(h => h.Id)], ct)).ToDictionary(m => m.Id);
            return (IReadOnlyList<(FusedHit, MemoryRecord)>)[.. fused.Where(h => records.ContainsKey(h.Id)).Select(h => (h, records[h.Id]))];
        }, cancellationToken);
        return new SearchOutcome(database.Where, target, hits, signals, notes.Count == 0 ? null : string.Join("; ", notes));
    }

    public async Task<(string Where, string? Title)> ForgetAsync(Guid id, MemoryCaller caller, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var database = await store.OpenAsync(cancellationToken);
        var title = await WriteAsync(database, "forget", async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(EmbeddedFiles.Get("Memory/Sql/forget.sql"), connection);
            command.Parameters.Add(new() { Value = id });
            return await command.ExecuteScalarAsync(ct) as string;
        }, cancellationToken);
        if (title is not null)
        {
            await AuditAsync("forget", caller, $"forget {id} '{title}'", database.Where, started, "ok", cancellationToken);
        }

        return (database.Where, title);
    }

    /// <summary>
    /// How many live memories concern <paramref name="relation"/> (schema.table as displayed); null when the store holds
    /// no memories yet or is not at hand (nothing is created or migrated to answer this).
    /// </summary>
    public async Task<long?> CountAboutAsync(string relation, CancellationToken cancellationToken)
    {
        if (!await store.HoldsMemoriesAsync(cancellationToken))
        {
            return null;
        }

        var database = await store.OpenAsync(cancellationToken);
        var target = await store.TargetAsync(cancellationToken);
        return await database.Executor.ReadOnlyAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(EmbeddedFiles.Get("Memory/Sql/object_notes.sql"), connection);
            command.Parameters.Add(new() { Value = target });
            command.Parameters.Add(new() { Value = relation });
            return (long)(await command.ExecuteScalarAsync(ct))!;
        }, cancellationToken);
    }

    /// <summary>
    /// Rewrites every vector with the configured model (after a model change): in one transaction, so searches see
    /// either the old vectors or the new ones, never a mix. Returns how many memories and where.
    /// </summary>
    public async Task<(int Count, string Where, string Model)> ReembedAsync(CancellationToken cancellationToken)
    {
        var model = embeddings.Model ?? throw new ToolException("Embeddings are off (Memory:Embeddings=none): there is nothing to re-embed with. Set --embeddings local or openai.");
        var database = await store.OpenAsync(cancellationToken);
        var rows = await database.Executor.ReadOnlyAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(EmbeddedFiles.Get("Memory/Sql/reembed_rows.sql"), connection);
            var list = new List<(Guid Id, string Text)>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                list.Add((reader.GetGuid(0), reader.GetString(1) + "\n" + reader.GetString(2)));
            }

            return list;
        }, cancellationToken);
        var vectors = rows.Count == 0 ? [] : (await embeddings.EmbedAsync([.. rows.Select(r => r.Text)], cancellationToken))!;
        var dimensions = vectors.Length > 0 ? vectors[0].Length : (await embeddings.EmbedAsync(["dimension probe"], cancellationToken))![0].Length;
        await WriteAsync(database, "memory reembed", async (connection, ct) =>
        {
            await SqlScript.ExecuteAsync(connection, "DROP INDEX IF EXISTS mcp_db_engineer.memories_embedding; UPDATE mcp_db_engineer.memories SET embedding = NULL", ct);

            await MemoryStore.SetModelAsync(connection, model, dimensions, ct);
            await using var batch = new NpgsqlBatch(connection);
            for (var i = 0; i < rows.Count; i++)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand("UPDATE mcp_db_engineer.memories SET embedding = $1 WHERE id = $2")
                {
                    Parameters = { new() { Value = new Vector(vectors[i]) }, new() { Value = rows[i].Id } },
                });
            }

            if (rows.Count > 0)
            {
                await batch.ExecuteNonQueryAsync(ct);
            }

            return 0;
        }, cancellationToken);
        lock (_gate)
        {
            _storeModel = null;
        }

        return (rows.Count, database.Where, model);
    }

    /// <summary>
    /// A write to the store: one transaction, run again after a transient fault (every write here leaves the same state
    /// when repeated). A store that stays unreachable is named, with what to do.
    /// </summary>
    private static async Task<T> WriteAsync<T>(
        MemoryDatabase database, string tool, Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            return await database.Executor.RetriedWriteAsync(work, cancellationToken);
        }
        catch (ToolException e) when (DatabaseExecutor.MeansUnreachable(e))
        {
            throw new ToolException(
                $"{tool} could not reach decision memory's store, {database.Where}: {e.Message} " +
                $"No memory is ever half-written (each is one transaction): call {tool} again once the store is back; a repeated call writes nothing twice. " +
                "The other tools are unaffected.", e);
        }
    }

    /// <summary>
    /// The text's vector when embeddings are on and the store's vectors come from the same model; else null and why
    /// (said in the answer: vectors of two models are never compared).
    /// </summary>
    private async Task<(Vector? Vector, string? Why)> VectorAsync(MemoryDatabase database, string text, CancellationToken cancellationToken)
    {
        if (embeddings.Model is not { } model)
        {
            return (null, "vector search off: Memory:Embeddings is none");
        }

        if (embeddings.Unavailable() is { } missing)
        {
            return (null, "vector search off: " + missing);
        }

        var vector = (await embeddings.EmbedAsync([text], cancellationToken))![0];
        Task<(string Model, int Dimensions)> fixing;
        lock (_gate)
        {
            fixing = _storeModel is { IsFaulted: false, IsCanceled: false } known ? known
                : _storeModel = MemoryStore.FixModelAsync(database, model, vector.Length, CancellationToken.None);
        }

        var (storeModel, dimensions) = await fixing.WaitAsync(cancellationToken);
        return storeModel == model && dimensions == vector.Length
            ? (new Vector(vector), null)
            : (null, $"vector search off: the memory store's vectors come from {storeModel} ({dimensions} dimensions) and this server uses {model}; run `mcp-db-engineer memory reembed` with this configuration to re-embed them");
    }

    /// <summary>
    /// Objects as the target's catalog names them: schema.table (quoted where needed) or schema.table.column. An object
    /// that does not exist is refused with the closest names.
    /// </summary>
    private async Task<string[]> ResolveObjectsAsync(IReadOnlyList<string> objects, CancellationToken cancellationToken)
    {
        if (objects.Count == 0)
        {
            return [];
        }

        return await targetExecutor.CatalogAsync(async (connection, ct) =>
        {
            var resolved = new List<string>();
            foreach (var text in objects)
            {
                resolved.Add(await ResolveObjectAsync(connection, text, ct));
            }

            return resolved.Distinct().ToArray();
        }, cancellationToken);
    }

    /// <summary>
    /// table, schema.table, table.column or schema.table.column. Two parts are read as schema.table first and, when no
    /// such schema exists, as table.column.
    /// </summary>
    private static async Task<string> ResolveObjectAsync(NpgsqlConnection connection, string text, CancellationToken cancellationToken)
    {
        var parts = text.Contains('"') ? [text] : text.Split('.');
        if (parts.Length == 3)
        {
            return await ColumnAsync(connection, $"{parts[0]}.{parts[1]}", parts[2], cancellationToken);
        }

        try
        {
            return (await CatalogNames.ResolveRelationAsync(connection, QualifiedName.Parse(text, null), cancellationToken)).Display;
        }
        catch (ToolException) when (parts.Length == 2)
        {
            return await ColumnAsync(connection, parts[0], parts[1], cancellationToken);
        }
    }

    private static async Task<string> ColumnAsync(NpgsqlConnection connection, string table, string column, CancellationToken cancellationToken)
    {
        var relation = await CatalogNames.ResolveRelationAsync(connection, QualifiedName.Parse(table, null), cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT quote_ident(attname) FROM pg_attribute WHERE attrelid = $1 AND attnum > 0 AND NOT attisdropped AND attname = lower($2)", connection);
        command.Parameters.Add(new() { Value = relation.Oid, DataTypeName = "oid" });
        command.Parameters.Add(new() { Value = column });
        return await command.ExecuteScalarAsync(cancellationToken) is string name
            ? $"{relation.Display}.{name}"
            : throw new ToolException($"{relation.Display} has no column '{column}'. describe_table lists its columns.");
    }

    private static void AddFilter(NpgsqlCommand command, string? target, MemoryFilter filter)
    {
        command.Parameters.Add(new() { Value = (object?)target ?? DBNull.Value, DataTypeName = "text" });
        command.Parameters.Add(new() { Value = (object?)filter.Kinds?.ToArray() ?? DBNull.Value, DataTypeName = "text[]" });
        command.Parameters.Add(new() { Value = (object?)filter.Tags?.ToArray() ?? DBNull.Value, DataTypeName = "text[]" });
        command.Parameters.Add(new() { Value = (object?)filter.Objects?.ToArray() ?? DBNull.Value, DataTypeName = "text[]" });
        command.Parameters.Add(new() { Value = (object?)filter.Scope ?? DBNull.Value, DataTypeName = "text" });
        command.Parameters.Add(new() { Value = (object?)filter.Author ?? DBNull.Value, DataTypeName = "text" });
        command.Parameters.Add(new() { Value = (object?)filter.Since ?? DBNull.Value, DataTypeName = "timestamptz" });
        command.Parameters.Add(new() { Value = filter.IncludeForgotten });
    }

    private static async Task<List<MemoryRecord>> ReadAsync(NpgsqlConnection connection, IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        var found = new List<MemoryRecord>();
        if (ids.Count == 0)
        {
            return found;
        }

        await using var command = new NpgsqlCommand(EmbeddedFiles.Get("Memory/Sql/memories_by_id.sql"), connection);
        command.Parameters.Add(new() { Value = ids.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new MemoryRecord(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetFieldValue<string[]>(5), reader.GetFieldValue<string[]>(6), reader.GetString(7), reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetGuid(10),
                reader.IsDBNull(11) ? null : reader.GetGuid(11),
                reader.GetDateTime(12),
                reader.IsDBNull(13) ? null : reader.GetDateTime(13),
                reader.GetBoolean(14)));
        }

        return found;
    }

    private Task AuditAsync(string tool, MemoryCaller caller, string statement, string where, long started, string outcome, CancellationToken cancellationToken) =>
        audit.RecordAsync(
            new AuditEntry(DateTimeOffset.UtcNow, tool, caller.Audit, statement, "memory write",
                $"allowed: the server's own write to decision memory ({where})", Stopwatch.GetElapsedTime(started).TotalMilliseconds, outcome),
            cancellationToken);
}
