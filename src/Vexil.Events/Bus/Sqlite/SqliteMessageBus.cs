using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Vexil.Events.Storage;

namespace Vexil.Events.Bus.Sqlite;

/// <summary>
/// The embedded bus: a queue table in a SQLite file (WAL, fsync on commit), so a published message survives a crash;
/// at-least-once delivery to durable consumers with explicit acknowledgement; one process owns the file.
/// </summary>
internal sealed class SqliteMessageBus : IMessageBus
{
    private readonly SharedSqliteConnection _database;
    private readonly TimeSpan _duplicateWindow;
    private readonly TimeSpan _ackWait;
    private readonly TimeProvider _time;
    private const int MaxGroup = 256;
    private readonly ConcurrentQueue<PendingPublish> _queue = new();
    private TaskCompletionSource _published = NewSignal();
    private long _lastPrune;

    public SqliteMessageBus(string path, TimeSpan duplicateWindow, TimeSpan ackWait, TimeProvider time)
    {
        _database = new SharedSqliteConnection(path, SqliteBusSql.Schema);
        _duplicateWindow = duplicateWindow;
        _ackWait = ackWait;
        _time = time;
    }

    /// <summary>
    /// Group commit: each publisher queues its message, then whoever holds the gate commits every queued message in one
    /// transaction (one fsync for all). A publisher whose message a previous holder committed just returns.
    /// </summary>
    public async Task PublishAsync(string topic, string messageId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var pending = new PendingPublish(topic, messageId, WholeArray(payload));
        _queue.Enqueue(pending);
        using (var use = await _database.AcquireAsync(cancellationToken))
        {
            if (!pending.Done.Task.IsCompleted)
            {
                await CommitQueuedAsync(use.Connection);
            }
        }

        await pending.Done.Task;
        Interlocked.Exchange(ref _published, NewSignal()).TrySetResult();
    }

    /// <summary>Reads from the queue file: the file opens and answers a query.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var use = await _database.AcquireAsync(cancellationToken);
            using var command = use.Connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master";
            await command.ExecuteScalarAsync(cancellationToken);
        }
        catch (SqliteException ex)
        {
            throw new BusUnavailableException("the queue file cannot be read", ex);
        }
    }

    public async Task<IMessageConsumer> OpenConsumerAsync(string topic, string consumerName, CancellationToken cancellationToken)
    {
        var consumer = topic + "/" + consumerName;
        using (var use = await _database.AcquireAsync(cancellationToken))
        {
            var connection = use.Connection;
            using var transaction = connection.BeginTransaction();
            using (var register = SqliteConnections.Command(connection, transaction, SqliteBusSql.RegisterConsumer))
            {
                register.Parameters.AddWithValue("$consumer", consumer);
                register.Parameters.AddWithValue("$topic", topic);
                if (await register.ExecuteNonQueryAsync(cancellationToken) > 0)
                {
                    using var backfill = SqliteConnections.Command(connection, transaction, SqliteBusSql.Backfill);
                    backfill.Parameters.AddWithValue("$consumer", consumer);
                    backfill.Parameters.AddWithValue("$topic", topic);
                    await backfill.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            using (var release = SqliteConnections.Command(connection, transaction, SqliteBusSql.ReleaseLeases))
            {
                release.Parameters.AddWithValue("$consumer", consumer);
                await release.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return new SqliteMessageConsumer(this, consumer);
    }

    internal async Task<IReadOnlyList<BusMessage>> FetchAsync(string consumer, int maxMessages, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + wait;
        while (true)
        {
            var signal = Volatile.Read(ref _published).Task;
            var messages = await TryFetchAsync(consumer, maxMessages, cancellationToken);
            var remaining = deadline - _time.GetUtcNow();
            if (messages.Count > 0 || remaining <= TimeSpan.Zero)
            {
                return messages;
            }

            // Woken by a publish, or after a short poll for messages whose delay (nak) has run out.
            var poll = remaining < TimeSpan.FromMilliseconds(250) ? remaining : TimeSpan.FromMilliseconds(250);
            try
            {
                await signal.WaitAsync(poll, _time, cancellationToken);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    internal async Task SettleAsync(string consumer, BusMessage message, TimeSpan? redeliverAfter, CancellationToken cancellationToken)
    {
        using (var use = await _database.AcquireAsync(cancellationToken))
        {
            var connection = use.Connection;
            using var command = SqliteConnections.Command(connection, null, redeliverAfter is null ? SqliteBusSql.Ack : SqliteBusSql.Nak);
            command.Parameters.AddWithValue("$consumer", consumer);
            command.Parameters.AddWithValue("$seq", (long)message.Handle);
            if (redeliverAfter is { } delay)
            {
                command.Parameters.AddWithValue("$until", (_time.GetUtcNow() + delay).ToUnixTimeMilliseconds());
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task CommitQueuedAsync(SqliteConnection connection)
    {
        var batch = new List<PendingPublish>();
        while (batch.Count < MaxGroup && _queue.TryDequeue(out var next))
        {
            batch.Add(next);
        }

        try
        {
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            using var transaction = connection.BeginTransaction();
            if (now - _lastPrune > 60_000)
            {
                using var prune = SqliteConnections.Command(connection, transaction, SqliteBusSql.PruneDedupe);
                prune.Parameters.AddWithValue("$cutoff", now - (long)_duplicateWindow.TotalMilliseconds);
                await prune.ExecuteNonQueryAsync();
                _lastPrune = now;
            }

            using var dedupe = SqliteConnections.Command(connection, transaction, SqliteBusSql.InsertDedupe);
            var dedupeTopic = dedupe.Parameters.Add("$topic", SqliteType.Text);
            var dedupeId = dedupe.Parameters.Add("$id", SqliteType.Text);
            dedupe.Parameters.AddWithValue("$now", now);
            using var insert = SqliteConnections.Command(connection, transaction, SqliteBusSql.InsertMessage);
            var insertTopic = insert.Parameters.Add("$topic", SqliteType.Text);
            var insertId = insert.Parameters.Add("$id", SqliteType.Text);
            var insertPayload = insert.Parameters.Add("$payload", SqliteType.Blob);
            insert.Parameters.AddWithValue("$now", now);
            using var fanOut = SqliteConnections.Command(connection, transaction, SqliteBusSql.FanOut);
            var fanOutSeq = fanOut.Parameters.Add("$seq", SqliteType.Integer);
            var fanOutTopic = fanOut.Parameters.Add("$topic", SqliteType.Text);
            foreach (var item in batch)
            {
                dedupeTopic.Value = item.Topic;
                dedupeId.Value = item.MessageId;
                if (await dedupe.ExecuteNonQueryAsync() == 0)
                {
                    continue; // a duplicate inside the window: already durable
                }

                insertTopic.Value = item.Topic;
                insertId.Value = item.MessageId;
                insertPayload.Value = item.Payload;
                fanOutSeq.Value = (long)(await insert.ExecuteScalarAsync())!;
                fanOutTopic.Value = item.Topic;
                await fanOut.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
        }
        catch (Exception ex) when (ex is SqliteException or ObjectDisposedException or IOException or UnauthorizedAccessException)
        {
            var failure = new BusUnavailableException("the event queue could not store the message", ex);
            foreach (var item in batch)
            {
                item.Done.TrySetException(failure);
            }

            return;
        }

        foreach (var item in batch)
        {
            item.Done.TrySetResult();
        }
    }

    /// <summary>How many messages of <paramref name="topic"/> are stored (not yet acknowledged by every consumer), and their bytes.</summary>
    internal async Task<(long Count, long Bytes)> MeasureAsync(string topic, CancellationToken cancellationToken)
    {
        using var use = await _database.AcquireAsync(cancellationToken);
        using var command = SqliteConnections.Command(use.Connection, null, SqliteBusSql.Measure);
        command.Parameters.AddWithValue("$topic", topic);
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private async Task<IReadOnlyList<BusMessage>> TryFetchAsync(string consumer, int maxMessages, CancellationToken cancellationToken)
    {
        using (var use = await _database.AcquireAsync(cancellationToken))
        {
            var connection = use.Connection;
            var now = _time.GetUtcNow();
            var messages = new List<BusMessage>();
            using var transaction = connection.BeginTransaction();
            using (var select = SqliteConnections.Command(connection, transaction, SqliteBusSql.SelectDue))
            {
                select.Parameters.AddWithValue("$consumer", consumer);
                select.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
                select.Parameters.AddWithValue("$limit", maxMessages);
                using var reader = await select.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var payload = (byte[])reader.GetValue(2);
                    messages.Add(new BusMessage(reader.GetString(1), payload, reader.GetInt64(3) + 1, reader.GetInt64(0)));
                }
            }

            if (messages.Count == 0)
            {
                return messages;
            }

            using var lease = SqliteConnections.Command(connection, transaction, SqliteBusSql.Lease);
            var seq = lease.Parameters.Add("$seq", SqliteType.Integer);
            lease.Parameters.AddWithValue("$consumer", consumer);
            lease.Parameters.AddWithValue("$until", (now + _ackWait).ToUnixTimeMilliseconds());
            foreach (var message in messages)
            {
                seq.Value = (long)message.Handle;
                await lease.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return messages;
        }
    }

    private static byte[] WholeArray(ReadOnlyMemory<byte> payload) =>
        MemoryMarshal.TryGetArray(payload, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : payload.ToArray();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
