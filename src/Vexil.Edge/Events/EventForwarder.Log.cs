namespace Vexil.Edge.Events;

internal sealed partial class EventForwarder
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Event spool holds {Batches} batches ({Bytes} bytes) from before; forwarding them")]
    private static partial void LogResuming(ILogger logger, long batches, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not forward {Count} event batches ({Reason}); {Batches} batches ({Bytes} bytes) spooled; next attempt in {DelayMs} ms")]
    private static partial void LogRetrying(ILogger logger, int count, string reason, long batches, long bytes, double delayMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Forwarding events upstream again; {Batches} batches still spooled")]
    private static partial void LogRecovered(ILogger logger, long batches);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The upstream refused event batch {BatchId} for good (HTTP {Status}); it is dropped: {Detail}")]
    private static partial void LogRejected(ILogger logger, string batchId, int status, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped event batch {BatchId} ({Reason}); {Total} batches dropped since start")]
    private static partial void LogDropped(ILogger logger, string batchId, string reason, long total);

    [LoggerMessage(Level = LogLevel.Error, Message = "The upstream refused this edge's key for environment file {File} (HTTP {Status}) when forwarding events; batches stay spooled")]
    private static partial void LogKeyRefused(ILogger logger, string file, int status);

    [LoggerMessage(Level = LogLevel.Error, Message = "The event spool is full ({Batches} batches, {Bytes} bytes): new batches get 503, the edge's own summaries are dropped; {Refused} refused and {Dropped} dropped since start")]
    private static partial void LogSpoolFull(ILogger logger, long batches, long bytes, long refused, long dropped);

    [LoggerMessage(Level = LogLevel.Error, Message = "The event spool failed; retrying")]
    private static partial void LogSpoolFailed(ILogger logger, Exception exception);
}
