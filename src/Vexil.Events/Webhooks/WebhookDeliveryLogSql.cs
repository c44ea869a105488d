namespace Vexil.Events.Webhooks;

/// <summary>The delivery log's SQL (portable, like the event store's).</summary>
internal static class WebhookDeliveryLogSql
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS webhook_attempts (
            delivery_id TEXT NOT NULL,
            subscription_id TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            at_ms BIGINT NOT NULL,
            outcome TEXT NOT NULL,
            status_code INTEGER NULL,
            error TEXT NULL,
            PRIMARY KEY (delivery_id, attempt));
        CREATE INDEX IF NOT EXISTS webhook_attempts_subscription ON webhook_attempts (subscription_id, at_ms);
        """;

    public const string Insert = """
        INSERT INTO webhook_attempts (delivery_id, subscription_id, attempt, at_ms, outcome, status_code, error)
        VALUES ($delivery, $subscription, $attempt, $at, $outcome, $status, $error)
        ON CONFLICT (delivery_id, attempt) DO NOTHING
        """;

    /// <summary>The latest <c>$limit</c> attempts of a subscription, oldest first.</summary>
    public const string BySubscription = """
        SELECT delivery_id, subscription_id, attempt, at_ms, outcome, status_code, error FROM (
            SELECT delivery_id, subscription_id, attempt, at_ms, outcome, status_code, error
            FROM webhook_attempts WHERE subscription_id = $subscription
            ORDER BY at_ms DESC, delivery_id DESC, attempt DESC
            LIMIT $limit)
        ORDER BY at_ms, delivery_id, attempt
        """;
}
