using Microsoft.Extensions.Logging;

namespace Vexil.Events.Aggregation;

internal sealed partial class EventAggregator
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "The event bus failed; retrying in {DelayMs} ms")]
    private static partial void LogBusFailure(ILogger logger, double delayMs, Exception exception);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "Dropped message {MessageId}: it is not an event batch")]
    private static partial void LogPoison(ILogger logger, string messageId);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Could not store batch {MessageId}; it will be delivered again")]
    private static partial void LogStoreFailure(ILogger logger, string messageId, Exception exception);
}
