namespace McpDbEngineer.Sql.Parsing;

internal enum FunctionSafety
{
    /// <summary>Known to have side effects beyond the transaction: refused in every mode.</summary>
    Denied,

    /// <summary>Anything else: PostgreSQL resolves the call and the guard vets what it reaches.</summary>
    Unchecked,
}

/// <summary>
/// What the guard knows about functions by name. Names are matched exactly as the parser returns them:
/// unquoted identifiers arrive folded to lower case, quoted ones keep their case, so "PG_SLEEP" is a different
/// (unknown) function from pg_sleep — which is also how PostgreSQL resolves it.
/// A name never makes a call safe: a user function can carry any name, and PostgreSQL may resolve an unqualified call
/// to a user overload. Names only deny (a call that might reach a built-in with side effects) and, for built-ins that
/// PostgreSQL itself resolved to, say which VOLATILE ones merely read or compute.
/// </summary>
internal static class FunctionCatalog
{
    private sealed record Denial(string Name, bool IsPrefix, bool AnySchema, string Effect);

    // Built-ins count only unqualified or in pg_catalog: another schema's pg_sleep is someone else's function.
    // Extension functions (AnySchema) are denied wherever the extension was installed.
    private static readonly Denial[] Denials =
    [
        new("pg_terminate_backend", false, false, "terminates another session"),
        new("pg_cancel_backend", false, false, "cancels another session's query"),
        new("set_config", false, false, "changes a server setting for the session (it can switch off read-only mode)"),
        new("pg_advisory_", true, false, "takes or releases an advisory lock that outlives the statement"),
        new("pg_try_advisory_", true, false, "takes an advisory lock that outlives the statement"),
        new("lo_", true, false, "works on large objects (lo_import and lo_export touch the server's files)"),
        new("lowrite", false, false, "writes a large object"),
        new("pg_read_file", false, false, "reads a file on the database server"),
        new("pg_read_binary_file", false, false, "reads a file on the database server"),
        new("pg_stat_file", false, false, "inspects the database server's file system"),
        new("pg_hba_file_rules", false, false, "reads the database server's pg_hba.conf"),
        new("pg_ident_file_mappings", false, false, "reads the database server's pg_ident.conf"),
        new("pg_show_all_file_settings", false, false, "reads the database server's configuration files"),
        new("pg_ls_", true, false, "lists directories on the database server"),
        new("pg_reload_conf", false, false, "reloads the server configuration"),
        new("pg_rotate_logfile", true, false, "rotates the server log"),
        new("pg_log_backend_memory_contexts", false, false, "writes into the server log"),
        new("nextval", false, false, "advances a sequence (rollback does not undo it)"),
        new("setval", false, false, "sets a sequence (rollback does not undo it)"),
        new("pg_sleep", true, false, "sleeps while holding a connection (refused outright rather than left to the statement timeout)"),
        new("pg_switch_wal", false, false, "forces a WAL segment switch"),
        new("pg_switch_xlog", false, false, "forces a WAL segment switch"),
        new("pg_create_", true, false, "creates a replication slot or restore point on the server"),
        new("pg_copy_physical_replication_slot", false, false, "creates a replication slot"),
        new("pg_copy_logical_replication_slot", false, false, "creates a replication slot"),
        new("pg_drop_replication_slot", false, false, "drops a replication slot"),
        new("pg_replication_slot_advance", false, false, "advances a replication slot"),
        new("pg_logical_slot_get_changes", false, false, "consumes changes from a replication slot"),
        new("pg_logical_slot_get_binary_changes", false, false, "consumes changes from a replication slot"),
        new("pg_replication_origin_", true, false, "changes replication origin state"),
        new("pg_logical_emit_message", false, false, "writes a message into the WAL"),
        new("pg_promote", false, false, "promotes a standby server"),
        new("pg_wal_replay_pause", false, false, "pauses recovery"),
        new("pg_wal_replay_resume", false, false, "resumes recovery"),
        new("pg_backup_start", false, false, "starts a backup"),
        new("pg_backup_stop", false, false, "stops a backup"),
        new("pg_start_backup", false, false, "starts a backup"),
        new("pg_stop_backup", false, false, "stops a backup"),
        new("pg_import_system_collations", false, false, "creates collations"),
        new("binary_upgrade_", true, false, "changes catalog state reserved for pg_upgrade"),
        new("txid_current", false, false, "assigns a transaction id, which makes the transaction a writer"),
        new("pg_current_xact_id", false, false, "assigns a transaction id, which makes the transaction a writer"),
        new("pg_notify", false, false, "sends a notification to listening sessions"),
        new("query_to_xml", true, false, "runs the SQL text it is given, which the guard cannot see"),
        new("table_to_xml", true, false, "reads a whole table through whatever views and policies it has, which the guard cannot follow"),
        new("schema_to_xml", true, false, "reads every table of a schema through whatever views and policies they have, which the guard cannot follow"),
        new("database_to_xml", true, false, "reads every table of the database through whatever views and policies they have, which the guard cannot follow"),
        new("cursor_to_xml", true, false, "fetches from a cursor, moving it"),
        new("ts_stat", false, false, "runs the SQL text it is given, which the guard cannot see"),
        new("pg_stat_reset", true, false, "resets statistics other people rely on"),
        new("dblink", true, true, "runs SQL on another database through dblink"),
        new("pg_file_", true, true, "writes the database server's file system (adminpack)"),
        new("pg_logdir_ls", false, true, "lists the server's log directory (adminpack)"),
        new("pg_stat_statements_reset", false, true, "resets pg_stat_statements, which other people rely on"),
        new("hypopg_reset", false, true, "drops the session's hypothetical indexes"),
        new("hypopg_reset_index", false, true, "drops the session's hypothetical indexes"),
        new("hypopg_create_index", false, true, "creates a hypothetical index in the session"),
        new("hypopg_drop_index", false, true, "drops a hypothetical index of the session"),
        new("hypopg_hide_index", false, true, "hides an index from the session's planner"),
        new("hypopg_unhide_index", false, true, "changes which indexes the session's planner sees"),
        new("hypopg_unhide_all_indexes", false, true, "changes which indexes the session's planner sees"),
    ];

    // Built-in and extension (native code) functions declared VOLATILE although they only read or compute (a random
    // number, the clock, statistics, session state). Consulted only for functions PostgreSQL resolved to and that are
    // built in or native code of an installed extension: a user function's name is never taken on trust.
    private static readonly HashSet<string> HarmlessNames = new(StringComparer.Ordinal)
    {
        // aggregates and window functions
        "count", "sum", "avg", "min", "max", "every", "bool_and", "bool_or", "bit_and", "bit_or", "bit_xor",
        "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp", "corr", "covar_pop", "covar_samp",
        "mode", "xmlagg", "range_agg", "range_intersect_agg", "any_value", "grouping",
        "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead",
        "first_value", "last_value", "nth_value",
        // set-returning
        "generate_series", "generate_subscripts", "unnest", "cardinality",
        // strings
        "lower", "upper", "initcap", "length", "char_length", "character_length", "octet_length", "bit_length",
        "substr", "substring", "left", "right", "lpad", "rpad", "ltrim", "rtrim", "btrim", "position", "strpos",
        "replace", "translate", "concat", "concat_ws", "repeat", "reverse", "split_part", "starts_with",
        "md5", "sha224", "sha256", "sha384", "sha512", "encode", "decode", "convert", "convert_from", "convert_to",
        "ascii", "chr", "overlay", "format", "quote_ident", "quote_literal", "quote_nullable", "to_hex", "to_ascii",
        "unistr", "normalize", "is_normalized", "like_escape", "similar_escape", "similar_to_escape", "parse_ident",
        "text", "textlen", "get_bit", "get_byte", "set_bit", "set_byte", "bit_count",
        // numbers
        "abs", "ceil", "ceiling", "floor", "round", "trunc", "sqrt", "cbrt", "power", "pow", "exp", "ln", "log",
        "log10", "mod", "div", "sign", "pi", "degrees", "radians", "sin", "cos", "tan", "cot", "asin", "acos",
        "atan", "atan2", "sind", "cosd", "tand", "cotd", "asind", "acosd", "atand", "atan2d", "sinh", "cosh",
        "tanh", "asinh", "acosh", "atanh", "gcd", "lcm", "factorial", "width_bucket", "scale", "min_scale",
        "trim_scale", "random", "random_normal", "num_nulls", "num_nonnulls", "gen_random_uuid",
        // dates and times
        "now", "clock_timestamp", "statement_timestamp", "transaction_timestamp", "timeofday", "age", "mxid_age",
        "extract", "isfinite", "timezone", "overlaps", "to_char", "to_date", "to_number", "to_timestamp",
        // json, xml, full-text search
        "to_json", "to_jsonb", "row_to_json", "xpath", "xpath_exists", "xml_is_well_formed",
        "xml_is_well_formed_document", "xml_is_well_formed_content", "xmlcomment",
        "to_tsvector", "to_tsquery", "plainto_tsquery", "phraseto_tsquery", "websearch_to_tsquery",
        "ts_rank", "ts_rank_cd", "ts_headline", "ts_lexize", "ts_debug", "ts_parse", "ts_token_type", "ts_delete",
        "ts_filter", "setweight", "strip", "numnode", "querytree", "tsvector_to_array", "array_to_tsvector",
        "tsquery_phrase", "get_current_ts_config",
        // ranges and network addresses
        "isempty", "lower_inc", "upper_inc", "lower_inf", "upper_inf", "int4range", "int8range", "numrange",
        "tsrange", "tstzrange", "daterange", "multirange",
        "host", "hostmask", "masklen", "netmask", "network", "broadcast", "family", "abbrev", "set_masklen",
        "inet_same_family", "inet_merge", "inet_client_addr", "inet_client_port", "inet_server_addr", "inet_server_port",
        // session and catalog information
        "current_setting", "current_database", "current_schema", "current_schemas", "version", "currval", "lastval",
        "format_type", "obj_description", "col_description", "shobj_description", "pg_typeof", "pg_collation_for",
        "to_regclass", "to_regtype", "to_regproc", "to_regprocedure", "to_regoper", "to_regoperator",
        "to_regnamespace", "to_regrole", "to_regcollation", "pg_has_role", "pg_backend_pid", "pg_blocking_pids",
        "pg_safe_snapshot_blocking_pids", "pg_postmaster_start_time", "pg_conf_load_time", "pg_trigger_depth",
        "pg_my_temp_schema", "pg_listening_channels", "pg_notification_queue_usage", "pg_jit_available",
        "pg_encoding_to_char", "pg_char_to_encoding", "pg_client_encoding", "pg_tablespace_location",
        "pg_tablespace_size", "pg_database_size", "pg_table_size", "pg_total_relation_size", "pg_indexes_size",
        "pg_index_column_has_property", "pg_index_has_property", "pg_indexam_has_property", "pg_filenode_relation",
        "pg_options_to_table", "pg_show_all_settings", "pg_settings_get_flags", "pg_available_extensions",
        "pg_available_extension_versions", "pg_describe_object", "pg_identify_object", "pg_identify_object_as_address",
        "pg_table_is_visible", "pg_type_is_visible", "pg_function_is_visible", "pg_operator_is_visible",
        "pg_opclass_is_visible", "pg_opfamily_is_visible", "pg_collation_is_visible", "pg_conversion_is_visible",
        "pg_statistics_obj_is_visible", "pg_ts_config_is_visible", "pg_ts_dict_is_visible", "pg_ts_parser_is_visible",
        "pg_ts_template_is_visible", "pg_xact_status", "pg_xact_commit_timestamp", "pg_visible_in_snapshot",
        "pg_snapshot_xmin", "pg_snapshot_xmax", "pg_snapshot_xip", "pg_wal_lsn_diff", "pg_walfile_name",
        "pg_walfile_name_offset", "pg_sequence_last_value", "pg_lock_status", "pg_cursor", "pg_prepared_statement",
        "pg_timezone_names", "pg_timezone_abbrevs", "pg_stat_statements", "pg_stat_statements_info",
        "pg_input_is_valid", "pg_input_error_info",
        // extensions: fresh identifiers, random bytes, statistics and hypothetical-index reads
        "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4", "gen_random_bytes", "gen_salt",
        "pg_stat_statements", "pg_stat_statements_info", "hypopg", "hypopg_list_indexes", "hypopg_relation_size",
        "hypopg_get_indexdef", "hypopg_hidden_indexes",
    };

    // Families whose every member is a pure function or a catalog read (denials are checked first).
    private static readonly string[] HarmlessPrefixes =
    [
        "json_", "jsonb_", "array_", "string_", "regexp_", "date_", "make_", "justify_", "regr_", "percentile_",
        "pg_get_", "has_", "pg_stat_get_", "pg_is_", "pg_current_", "pg_last_", "pg_size_", "pg_relation_",
        "pg_column_", "pg_partition_", "pg_control_", "txid_",
    ];

    /// <summary>Judges a function by its name as written; <paramref name="effect"/> says what a denied one does.</summary>
    public static FunctionSafety Judge(SqlName function, out string? effect)
    {
        var builtIn = function.Schema is null or "pg_catalog";
        foreach (var denial in Denials)
        {
            var matches = denial.IsPrefix ? function.Name.StartsWith(denial.Name, StringComparison.Ordinal) : function.Name == denial.Name;
            if (matches && (builtIn || denial.AnySchema))
            {
                effect = denial.Effect;
                return FunctionSafety.Denied;
            }
        }

        effect = null;
        return FunctionSafety.Unchecked;
    }

    /// <summary>Whether a VOLATILE built-in of this name only reads or computes (random(), clock_timestamp(), pg_stat_get_*).</summary>
    public static bool IsHarmlessVolatile(string name) =>
        Judge(new SqlName("pg_catalog", name), out _) != FunctionSafety.Denied
        && (HarmlessNames.Contains(name) || HarmlessPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)));
}
