using Vexil.Events.Storage;

namespace Vexil.Events.Webhooks;

/// <summary>Every delivery attempt, in a SQLite file.</summary>
internal sealed class SqliteWebhookDeliveryLog(string path) : IAsyncDisposable
{
    private readonly SharedSqliteConnection _database = new(path, WebhookDeliveryLogSql.Schema);

    public async Task RecordAsync(WebhookAttempt attempt, CancellationToken cancellationToken)
    {
        using (var use = await _database.AcquireAsync(cancellationToken))
        {
            var connection = use.Connection;
            using var insert = SqliteConnections.Command(connection, null, WebhookDeliveryLogSql.Insert);
            insert.Parameters.AddWithValue("$delivery", attempt.DeliveryId);
            insert.Parameters.AddWithValue("$subscription", attempt.SubscriptionId);
            insert.Parameters.AddWithValue("$attempt", attempt.Attempt);
            insert.Parameters.AddWithValue("$at", attempt.At.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("$outcome", attempt.Outcome.ToString());
            insert.Parameters.AddWithValue("$status", (object?)attempt.StatusCode ?? DBNull.Value);
            insert.Parameters.AddWithValue("$error", (object?)attempt.Error ?? DBNull.Value);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task<IReadOnlyList<WebhookAttempt>> ForSubscriptionAsync(string subscriptionId, int limit, CancellationToken cancellationToken)
    {
        using (var use = await _database.AcquireAsync(cancellationToken))
        {
            var connection = use.Connection;
            using var query = SqliteConnections.Command(connection, null, WebhookDeliveryLogSql.BySubscription);
            query.Parameters.AddWithValue("$subscription", subscriptionId);
            query.Parameters.AddWithValue("$limit", limit);
            var attempts = new List<WebhookAttempt>();
            using var reader = await query.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                attempts.Add(new WebhookAttempt(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetInt32(2),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                    Enum.Parse<WebhookOutcome>(reader.GetString(4)),
                    reader.IsDBNull(5) ? null : reader.GetInt32(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6)));
            }

            return attempts;
        }
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
