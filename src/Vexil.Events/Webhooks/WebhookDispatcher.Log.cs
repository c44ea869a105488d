using Microsoft.Extensions.Logging;

namespace Vexil.Events.Webhooks;

internal sealed partial class WebhookDispatcher
{
    [LoggerMessage(EventId = 4301, Level = LogLevel.Warning, Message = "The webhook queue failed; retrying in a second")]
    private static partial void LogBusFailure(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Information, Message = "Dropped webhook delivery {MessageId}: unreadable, or its subscription is gone")]
    private static partial void LogDropped(ILogger logger, string messageId);

    [LoggerMessage(EventId = 4303, Level = LogLevel.Information, Message = "Webhook delivery {DeliveryId} to {Url} failed (attempt {Attempt}: {Reason}); retrying in {DelaySeconds:0.#} s")]
    private static partial void LogRetrying(ILogger logger, string deliveryId, Uri url, int attempt, double delaySeconds, string reason);

    [LoggerMessage(EventId = 4304, Level = LogLevel.Error, Message = "Webhook delivery {MessageId} failed unexpectedly; the bus delivers it again")]
    private static partial void LogAttemptFailed(ILogger logger, string messageId, Exception exception);

    [LoggerMessage(EventId = 4306, Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} to {Url} given up after attempt {Attempt}: {Reason}")]
    private static partial void LogGaveUp(ILogger logger, string deliveryId, Uri url, int attempt, string reason);

    [LoggerMessage(EventId = 4305, Level = LogLevel.Warning, Message = "Could not record an attempt of webhook delivery {DeliveryId}")]
    private static partial void LogRecordFailed(ILogger logger, string deliveryId, Exception exception);
}
