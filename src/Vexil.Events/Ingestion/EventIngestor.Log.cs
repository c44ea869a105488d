using Microsoft.Extensions.Logging;

namespace Vexil.Events.Ingestion;

public sealed partial class EventIngestor
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "Rejected an event batch for environment {Environment}: {ErrorCount} errors, the first: {FirstError}")]
    private static partial void LogRejected(ILogger logger, string environment, int errorCount, string firstError);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Could not enqueue event batch {BatchId} for environment {Environment}; the sender will retry")]
    private static partial void LogUnavailable(ILogger logger, string environment, string batchId, Exception exception);
}
