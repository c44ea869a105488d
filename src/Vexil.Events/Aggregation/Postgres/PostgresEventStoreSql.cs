namespace Vexil.Events.Aggregation.Postgres;

/// <summary>
/// The shared aggregate store's SQL: <see cref="SqliteEventStoreSql"/>'s tables and semantics, prefixed <c>events_</c>
/// (they live in the control plane's database), text compared bytewise (<c>COLLATE "C"</c>, SQLite's order), batches
/// passed as arrays so a batch is one statement per table, and the rollup a <c>DELETE … RETURNING</c> that moves each
/// minute exactly once even when two replicas run it at the same moment.
/// </summary>
internal static class PostgresEventStoreSql
{
    /// <summary>The migrations, in version order; a released one never changes (add the next instead).</summary>
    public static readonly IReadOnlyList<(int Version, string Sql)> Migrations =
    [
        (1, """
            CREATE TABLE events_processed_batches (
                environment TEXT COLLATE "C" NOT NULL,
                batch_id TEXT COLLATE "C" NOT NULL,
                processed_at BIGINT NOT NULL,
                PRIMARY KEY (environment, batch_id));
            CREATE INDEX events_processed_batches_at ON events_processed_batches (processed_at);
            CREATE TABLE events_usage_minute (
                environment TEXT COLLATE "C" NOT NULL,
                flag TEXT COLLATE "C" NOT NULL,
                variation TEXT COLLATE "C" NOT NULL,
                bucket BIGINT NOT NULL,
                evaluations BIGINT NOT NULL,
                exposures BIGINT NOT NULL,
                PRIMARY KEY (environment, flag, variation, bucket));
            CREATE INDEX events_usage_minute_bucket ON events_usage_minute (bucket);
            CREATE TABLE events_usage_hour (
                environment TEXT COLLATE "C" NOT NULL,
                flag TEXT COLLATE "C" NOT NULL,
                variation TEXT COLLATE "C" NOT NULL,
                bucket BIGINT NOT NULL,
                evaluations BIGINT NOT NULL,
                exposures BIGINT NOT NULL,
                PRIMARY KEY (environment, flag, variation, bucket));
            CREATE INDEX events_usage_hour_bucket ON events_usage_hour (bucket);
            CREATE TABLE events_flag_activity (
                environment TEXT COLLATE "C" NOT NULL,
                flag TEXT COLLATE "C" NOT NULL,
                first_seen BIGINT NOT NULL,
                last_evaluated BIGINT NOT NULL,
                PRIMARY KEY (environment, flag));
            """),
    ];

    /// <summary>The table of applied migrations (created, if missing, under the migration lock).</summary>
    public const string SchemaTable = """
        CREATE TABLE IF NOT EXISTS events_schema (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now());
        """;

    public const string SchemaVersion = "SELECT COALESCE(MAX(version), 0) FROM events_schema";

    public const string RecordVersion = "INSERT INTO events_schema (version) VALUES (@version)";

    /// <summary>Takes the migration lock until the transaction ends.</summary>
    public const string LockMigrations = "SELECT pg_advisory_xact_lock(@key)";

    /// <summary>True when this transaction holds the rollup lock; false when another replica is rolling up.</summary>
    public const string TryLockRollup = "SELECT pg_try_advisory_xact_lock(@key)";

    /// <summary>Blocks while another transaction is inserting the same batch id, then inserts it or finds it there.</summary>
    public const string MarkProcessed = """
        INSERT INTO events_processed_batches (environment, batch_id, processed_at) VALUES (@environment, @batch, @now)
        ON CONFLICT (environment, batch_id) DO NOTHING
        """;

    /// <summary>Rows come in the order of the arrays, sorted by the caller, so concurrent batches lock rows in one order.</summary>
    public const string AddMinutes = """
        INSERT INTO events_usage_minute (environment, flag, variation, bucket, evaluations, exposures)
        SELECT @environment, u.flag, u.variation, u.bucket, u.evaluations, u.exposures
        FROM unnest(@flags, @variations, @buckets, @evaluations, @exposures) AS u(flag, variation, bucket, evaluations, exposures)
        ON CONFLICT (environment, flag, variation, bucket) DO UPDATE SET
            evaluations = events_usage_minute.evaluations + excluded.evaluations,
            exposures = events_usage_minute.exposures + excluded.exposures
        """;

    public const string Seen = """
        INSERT INTO events_flag_activity (environment, flag, first_seen, last_evaluated)
        SELECT @environment, s.flag, s.first_seen, s.last_evaluated
        FROM unnest(@flags, @firsts, @lasts) AS s(flag, first_seen, last_evaluated)
        ON CONFLICT (environment, flag) DO UPDATE SET
            first_seen = LEAST(events_flag_activity.first_seen, excluded.first_seen),
            last_evaluated = GREATEST(events_flag_activity.last_evaluated, excluded.last_evaluated)
        """;

    public const string Rollup = """
        WITH moved AS (
            DELETE FROM events_usage_minute WHERE bucket < @minuteCutoff
            RETURNING environment, flag, variation, bucket - (bucket % 3600) AS hour, evaluations, exposures)
        INSERT INTO events_usage_hour (environment, flag, variation, bucket, evaluations, exposures)
        SELECT environment, flag, variation, hour, SUM(evaluations), SUM(exposures)
        FROM moved GROUP BY environment, flag, variation, hour
        ORDER BY environment, flag, variation, hour
        ON CONFLICT (environment, flag, variation, bucket) DO UPDATE SET
            evaluations = events_usage_hour.evaluations + excluded.evaluations,
            exposures = events_usage_hour.exposures + excluded.exposures;
        DELETE FROM events_usage_hour WHERE bucket < @hourCutoff;
        DELETE FROM events_processed_batches WHERE processed_at < @processedCutoff;
        """;

    public const string Usage = """
        SELECT bucket, variation, SUM(evaluations)::BIGINT, SUM(exposures)::BIGINT FROM (
            SELECT bucket - (bucket % @width) AS bucket, variation, evaluations, exposures
            FROM events_usage_minute WHERE environment = @environment AND flag = @flag AND bucket >= @from AND bucket < @to
            UNION ALL
            SELECT bucket - (bucket % @width) AS bucket, variation, evaluations, exposures
            FROM events_usage_hour WHERE environment = @environment AND flag = @flag AND bucket >= @fromHour AND bucket < @to
        ) AS u
        GROUP BY bucket, variation
        ORDER BY bucket, variation
        """;

    public const string Activity = """
        SELECT a.flag, a.first_seen, a.last_evaluated, COALESCE(v.variations, 0)::INTEGER
        FROM events_flag_activity a LEFT JOIN (
            SELECT flag, COUNT(DISTINCT variation) AS variations FROM (
                SELECT flag, variation FROM events_usage_minute
                WHERE environment = @environment AND bucket >= @since AND evaluations + exposures > 0
                UNION
                SELECT flag, variation FROM events_usage_hour
                WHERE environment = @environment AND bucket >= @sinceHour AND evaluations + exposures > 0
            ) AS served GROUP BY flag
        ) AS v ON v.flag = a.flag
        WHERE a.environment = @environment
        ORDER BY a.flag
        """;
}
