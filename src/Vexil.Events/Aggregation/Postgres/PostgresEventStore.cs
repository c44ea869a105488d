using Npgsql;
using NpgsqlTypes;
using Vexil.Events.Insights;

namespace Vexil.Events.Aggregation.Postgres;

/// <summary>
/// The aggregate store replicas share when the control plane runs on PostgreSQL: every replica's aggregator writes
/// here and every replica answers usage from here. A batch is one transaction — its id inserted first (a second
/// replica applying the same id waits on that row, then finds it and changes nothing), then its minutes and flags —
/// so a replica that dies mid-batch leaves nothing behind and the redelivered batch counts once.
/// </summary>
internal sealed class PostgresEventStore : IEventStore
{
    /// <summary>The rollup lock ("VexilR"): one replica rolls up at a time, the others skip that pass.</summary>
    public const long RollupLockKey = 0x5665_7869_6c52;

    private const int Attempts = 3;
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _migrated;

    /// <summary>A store over <paramref name="dataSource"/>; disposing the store disposes it when <paramref name="ownsDataSource"/>.</summary>
    public PostgresEventStore(NpgsqlDataSource dataSource, bool ownsDataSource)
    {
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_migrated)
        {
            return;
        }

        await _schemaGate.WaitAsync(cancellationToken);
        try
        {
            if (!_migrated)
            {
                await PostgresEventSchema.MigrateAsync(_dataSource, cancellationToken);
                _migrated = true;
            }
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    public async Task<bool> ApplyAsync(BatchAggregate aggregate, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        var rows = PostgresBatchRows.From(aggregate);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ApplyOnceAsync(aggregate, rows, now, cancellationToken);
            }
            catch (PostgresException ex) when (attempt < Attempts && ex.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                // A rollup moving the same old minutes chose this transaction as the deadlock victim: nothing was kept.
            }
        }
    }

    public async Task MaintainAsync(DateTimeOffset minuteCutoff, DateTimeOffset hourCutoff, DateTimeOffset processedCutoff, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var gate = new NpgsqlCommand(PostgresEventStoreSql.TryLockRollup, connection, transaction))
        {
            gate.Parameters.AddWithValue("key", RollupLockKey);
            if (await gate.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return; // another replica is rolling up right now; this pass has nothing left to do
            }
        }

        await using (var rollup = new NpgsqlCommand(PostgresEventStoreSql.Rollup, connection, transaction))
        {
            rollup.Parameters.AddWithValue("minuteCutoff", FloorHour(minuteCutoff));
            rollup.Parameters.AddWithValue("hourCutoff", FloorHour(hourCutoff));
            rollup.Parameters.AddWithValue("processedCutoff", processedCutoff.ToUnixTimeSeconds());
            await rollup.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<UsagePoint>> GetUsageAsync(string environment, string flag, DateTimeOffset from, DateTimeOffset to, UsageGranularity granularity, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using var query = _dataSource.CreateCommand(PostgresEventStoreSql.Usage);
        query.Parameters.AddWithValue("environment", environment);
        query.Parameters.AddWithValue("flag", flag);
        query.Parameters.AddWithValue("width", (long)granularity);
        query.Parameters.AddWithValue("from", from.ToUnixTimeSeconds());
        query.Parameters.AddWithValue("fromHour", FloorHour(from));
        query.Parameters.AddWithValue("to", to.ToUnixTimeSeconds());
        var points = new List<UsagePoint>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var variation = reader.GetString(1);
            points.Add(new UsagePoint(DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(0)), variation.Length == 0 ? null : variation, reader.GetInt64(2), reader.GetInt64(3)));
        }

        return points;
    }

    public async Task<IReadOnlyList<FlagActivity>> GetActivityAsync(string environment, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using var query = _dataSource.CreateCommand(PostgresEventStoreSql.Activity);
        query.Parameters.AddWithValue("environment", environment);
        query.Parameters.AddWithValue("since", since.ToUnixTimeSeconds());
        query.Parameters.AddWithValue("sinceHour", FloorHour(since));
        var activity = new List<FlagActivity>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            activity.Add(new FlagActivity(
                reader.GetString(0),
                DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(1)),
                DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(2)),
                reader.GetInt32(3)));
        }

        return activity;
    }

    public async ValueTask DisposeAsync()
    {
        _schemaGate.Dispose();
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync();
        }
    }

    private async Task<bool> ApplyOnceAsync(BatchAggregate aggregate, PostgresBatchRows rows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var mark = new NpgsqlCommand(PostgresEventStoreSql.MarkProcessed, connection, transaction))
        {
            mark.Parameters.AddWithValue("environment", aggregate.Environment);
            mark.Parameters.AddWithValue("batch", aggregate.BatchId);
            mark.Parameters.AddWithValue("now", now.ToUnixTimeSeconds());
            if (await mark.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false; // applied before (by this replica or another): the transaction rolls back on dispose
            }
        }

        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            var minutes = new NpgsqlBatchCommand(PostgresEventStoreSql.AddMinutes);
            minutes.Parameters.AddWithValue("environment", aggregate.Environment);
            minutes.Parameters.AddWithValue("flags", NpgsqlDbType.Array | NpgsqlDbType.Text, rows.UsageFlags);
            minutes.Parameters.AddWithValue("variations", NpgsqlDbType.Array | NpgsqlDbType.Text, rows.Variations);
            minutes.Parameters.AddWithValue("buckets", NpgsqlDbType.Array | NpgsqlDbType.Bigint, rows.Buckets);
            minutes.Parameters.AddWithValue("evaluations", NpgsqlDbType.Array | NpgsqlDbType.Bigint, rows.Evaluations);
            minutes.Parameters.AddWithValue("exposures", NpgsqlDbType.Array | NpgsqlDbType.Bigint, rows.Exposures);
            batch.BatchCommands.Add(minutes);
            var seen = new NpgsqlBatchCommand(PostgresEventStoreSql.Seen);
            seen.Parameters.AddWithValue("environment", aggregate.Environment);
            seen.Parameters.AddWithValue("flags", NpgsqlDbType.Array | NpgsqlDbType.Text, rows.SeenFlags);
            seen.Parameters.AddWithValue("firsts", NpgsqlDbType.Array | NpgsqlDbType.Bigint, rows.Firsts);
            seen.Parameters.AddWithValue("lasts", NpgsqlDbType.Array | NpgsqlDbType.Bigint, rows.Lasts);
            batch.BatchCommands.Add(seen);
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static long FloorHour(DateTimeOffset time)
    {
        var seconds = time.ToUnixTimeSeconds();
        return seconds - (((seconds % 3600) + 3600) % 3600);
    }
}
