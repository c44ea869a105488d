namespace Vexil.Events.Aggregation;

/// <summary>
/// The aggregate store's SQL. Portable by design: BIGINT unix seconds, <c>INSERT … ON CONFLICT … DO UPDATE</c> and
/// <c>CASE</c> instead of two-argument MIN/MAX; <see cref="Postgres.PostgresEventStoreSql"/> is its PostgreSQL twin
/// (same tables, prefixed <c>events_</c>): keep the two in step.
/// </summary>
internal static class SqliteEventStoreSql
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS processed_batches (
            environment TEXT NOT NULL,
            batch_id TEXT NOT NULL,
            processed_at BIGINT NOT NULL,
            PRIMARY KEY (environment, batch_id));
        CREATE INDEX IF NOT EXISTS processed_batches_at ON processed_batches (processed_at);
        CREATE TABLE IF NOT EXISTS usage_minute (
            environment TEXT NOT NULL,
            flag TEXT NOT NULL,
            variation TEXT NOT NULL,
            bucket BIGINT NOT NULL,
            evaluations BIGINT NOT NULL,
            exposures BIGINT NOT NULL,
            PRIMARY KEY (environment, flag, variation, bucket));
        CREATE INDEX IF NOT EXISTS usage_minute_bucket ON usage_minute (bucket);
        CREATE TABLE IF NOT EXISTS usage_hour (
            environment TEXT NOT NULL,
            flag TEXT NOT NULL,
            variation TEXT NOT NULL,
            bucket BIGINT NOT NULL,
            evaluations BIGINT NOT NULL,
            exposures BIGINT NOT NULL,
            PRIMARY KEY (environment, flag, variation, bucket));
        CREATE INDEX IF NOT EXISTS usage_hour_bucket ON usage_hour (bucket);
        CREATE TABLE IF NOT EXISTS flag_activity (
            environment TEXT NOT NULL,
            flag TEXT NOT NULL,
            first_seen BIGINT NOT NULL,
            last_evaluated BIGINT NOT NULL,
            PRIMARY KEY (environment, flag));
        """;

    public const string MarkProcessed = """
        INSERT INTO processed_batches (environment, batch_id, processed_at) VALUES ($environment, $batch, $now)
        ON CONFLICT (environment, batch_id) DO NOTHING
        """;

    public const string AddMinute = """
        INSERT INTO usage_minute (environment, flag, variation, bucket, evaluations, exposures)
        VALUES ($environment, $flag, $variation, $bucket, $evaluations, $exposures)
        ON CONFLICT (environment, flag, variation, bucket) DO UPDATE SET
            evaluations = usage_minute.evaluations + excluded.evaluations,
            exposures = usage_minute.exposures + excluded.exposures
        """;

    public const string Seen = """
        INSERT INTO flag_activity (environment, flag, first_seen, last_evaluated) VALUES ($environment, $flag, $first, $last)
        ON CONFLICT (environment, flag) DO UPDATE SET
            first_seen = CASE WHEN excluded.first_seen < flag_activity.first_seen THEN excluded.first_seen ELSE flag_activity.first_seen END,
            last_evaluated = CASE WHEN excluded.last_evaluated > flag_activity.last_evaluated THEN excluded.last_evaluated ELSE flag_activity.last_evaluated END
        """;

    public const string Rollup = """
        INSERT INTO usage_hour (environment, flag, variation, bucket, evaluations, exposures)
        SELECT environment, flag, variation, bucket - (bucket % 3600), SUM(evaluations), SUM(exposures)
        FROM usage_minute WHERE bucket < $minuteCutoff
        GROUP BY environment, flag, variation, bucket - (bucket % 3600)
        ON CONFLICT (environment, flag, variation, bucket) DO UPDATE SET
            evaluations = usage_hour.evaluations + excluded.evaluations,
            exposures = usage_hour.exposures + excluded.exposures;
        DELETE FROM usage_minute WHERE bucket < $minuteCutoff;
        DELETE FROM usage_hour WHERE bucket < $hourCutoff;
        DELETE FROM processed_batches WHERE processed_at < $processedCutoff;
        """;

    public const string Usage = """
        SELECT bucket, variation, SUM(evaluations), SUM(exposures) FROM (
            SELECT bucket - (bucket % $width) AS bucket, variation, evaluations, exposures
            FROM usage_minute WHERE environment = $environment AND flag = $flag AND bucket >= $from AND bucket < $to
            UNION ALL
            SELECT bucket - (bucket % $width) AS bucket, variation, evaluations, exposures
            FROM usage_hour WHERE environment = $environment AND flag = $flag AND bucket >= $fromHour AND bucket < $to
        ) AS u
        GROUP BY bucket, variation
        ORDER BY bucket, variation
        """;

    public const string Activity = """
        SELECT a.flag, a.first_seen, a.last_evaluated, COALESCE(v.variations, 0)
        FROM flag_activity a LEFT JOIN (
            SELECT flag, COUNT(DISTINCT variation) AS variations FROM (
                SELECT flag, variation FROM usage_minute
                WHERE environment = $environment AND bucket >= $since AND evaluations + exposures > 0
                UNION
                SELECT flag, variation FROM usage_hour
                WHERE environment = $environment AND bucket >= $sinceHour AND evaluations + exposures > 0
            ) AS served GROUP BY flag
        ) AS v ON v.flag = a.flag
        WHERE a.environment = $environment
        ORDER BY a.flag
        """;
}
