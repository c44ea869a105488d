using Microsoft.Data.Sqlite;
using Vexil.Events.Insights;
using Vexil.Events.Storage;

namespace Vexil.Events.Aggregation;

/// <summary>The embedded aggregate store: one SQLite file, one connection, writes serialised.</summary>
internal sealed class SqliteEventStore(string path) : IEventStore
{
    private readonly SharedSqliteConnection _database = new(path, SqliteEventStoreSql.Schema);

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        using (await _database.AcquireAsync(cancellationToken))
        {
        }
    }

    public async Task<bool> ApplyAsync(BatchAggregate aggregate, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using (var use = await _database.AcquireAsync(cancellationToken))
        {
            var connection = use.Connection;
            using var transaction = connection.BeginTransaction();
            using (var mark = SqliteConnections.Command(connection, transaction, SqliteEventStoreSql.MarkProcessed))
            {
                mark.Parameters.AddWithValue("$environment", aggregate.Environment);
                mark.Parameters.AddWithValue("$batch", aggregate.BatchId);
                mark.Parameters.AddWithValue("$now", now.ToUnixTimeSeconds());
                if (await mark.ExecuteNonQueryAsync(cancellationToken) == 0)
                {
                    return false; // applied before: the transaction rolls back on dispose
                }
            }

            using (var add = SqliteConnections.Command(connection, transaction, SqliteEventStoreSql.AddMinute))
            {
                add.Parameters.AddWithValue("$environment", aggregate.Environment);
                var flag = add.Parameters.Add("$flag", SqliteType.Text);
                var variation = add.Parameters.Add("$variation", SqliteType.Text);
                var bucket = add.Parameters.Add("$bucket", SqliteType.Integer);
                var evaluations = add.Parameters.Add("$evaluations", SqliteType.Integer);
                var exposures = add.Parameters.Add("$exposures", SqliteType.Integer);
                foreach (var (key, counts) in aggregate.Usage)
                {
                    flag.Value = key.Flag;
                    variation.Value = key.Variation;
                    bucket.Value = key.Minute;
                    evaluations.Value = counts.Evaluations;
                    exposures.Value = counts.Exposures;
                    await add.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            using (var seen = SqliteConnections.Command(connection, transaction, SqliteEventStoreSql.Seen))
            {
                seen.Parameters.AddWithValue("$environment", aggregate.Environment);
                var flag = seen.Parameters.Add("$flag", SqliteType.Text);
                var first = seen.Parameters.Add("$first", SqliteType.Integer);
                var last = seen.Parameters.Add("$last", SqliteType.Integer);
                foreach (var (key, value) in aggregate.Flags)
                {
                    flag.Value = key;
                    first.Value = value.First;
                    last.Value = value.Last;
                    await seen.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            await transaction.CommitAsync(cancellationToken);
            return true;
        }
    }

    public async Task MaintainAsync(DateTimeOffset minuteCutoff, DateTimeOffset hourCutoff, DateTimeOffset processedCutoff, CancellationToken cancellationToken)
    {
        using (var use = await _database.AcquireAsync(cancellationToken))
        {
            var connection = use.Connection;
            using var transaction = connection.BeginTransaction();
            using var rollup = SqliteConnections.Command(connection, transaction, SqliteEventStoreSql.Rollup);
            rollup.Parameters.AddWithValue("$minuteCutoff", FloorHour(minuteCutoff));
            rollup.Parameters.AddWithValue("$hourCutoff", FloorHour(hourCutoff));
            rollup.Parameters.AddWithValue("$processedCutoff", processedCutoff.ToUnixTimeSeconds());
            await rollup.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    public async Task<IReadOnlyList<UsagePoint>> GetUsageAsync(string environment, string flag, DateTimeOffset from, DateTimeOffset to, UsageGranularity granularity, CancellationToken cancellationToken)
    {
        using (var use = await _database.AcquireAsync(cancellationToken))
        {
            var connection = use.Connection;
            using var query = SqliteConnections.Command(connection, null, SqliteEventStoreSql.Usage);
            query.Parameters.AddWithValue("$environment", environment);
            query.Parameters.AddWithValue("$flag", flag);
            query.Parameters.AddWithValue("$width", (long)granularity);
            query.Parameters.AddWithValue("$from", from.ToUnixTimeSeconds());
            query.Parameters.AddWithValue("$fromHour", FloorHour(from));
            query.Parameters.AddWithValue("$to", to.ToUnixTimeSeconds());
            var points = new List<UsagePoint>();
            using var reader = await query.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var variation = reader.GetString(1);
                points.Add(new UsagePoint(DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(0)), variation.Length == 0 ? null : variation, reader.GetInt64(2), reader.GetInt64(3)));
            }

            return points;
        }
    }

    public async Task<IReadOnlyList<FlagActivity>> GetActivityAsync(string environment, DateTimeOffset since, CancellationToken cancellationToken)
    {
        using (var use = await _database.AcquireAsync(cancellationToken))
        {
            var connection = use.Connection;
            using var query = SqliteConnections.Command(connection, null, SqliteEventStoreSql.Activity);
            query.Parameters.AddWithValue("$environment", environment);
            query.Parameters.AddWithValue("$since", since.ToUnixTimeSeconds());
            query.Parameters.AddWithValue("$sinceHour", FloorHour(since));
            var activity = new List<FlagActivity>();
            using var reader = await query.ExecuteReaderAsync(cancellationToken);
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
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private static long FloorHour(DateTimeOffset time)
    {
        var seconds = time.ToUnixTimeSeconds();
        return seconds - (((seconds % 3600) + 3600) % 3600);
    }
}
