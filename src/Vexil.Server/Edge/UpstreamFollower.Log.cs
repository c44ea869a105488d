namespace Vexil.Server.Edge;

internal sealed partial class UpstreamFollower
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Serving environment '{Environment}' at version {Version} from the last-known-good file")]
    private static partial void LogLoadedFromDisk(ILogger logger, string environment, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The last-known-good file {File} failed validation and was ignored: {Error}")]
    private static partial void LogDiskRejected(ILogger logger, string file, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the last-known-good file {File}")]
    private static partial void LogDiskUnreadable(ILogger logger, Exception exception, string file);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write the last-known-good file of '{Environment}'")]
    private static partial void LogDiskWriteFailed(ILogger logger, Exception exception, string environment);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upstream stream of '{Environment}' failed ({Error}): {Message}")]
    private static partial void LogUpstreamFailed(ILogger logger, string environment, string error, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Upstream stream of '{Environment}' ended")]
    private static partial void LogStreamEnded(ILogger logger, string environment);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reconnecting '{Environment}' to the upstream in {DelayMs} ms")]
    private static partial void LogReconnecting(ILogger logger, string environment, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a {Kind} for '{Environment}' that fails validation; the last good ruleset stays in service: {Error}")]
    private static partial void LogRejected(ILogger logger, string environment, string kind, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gap in '{Environment}': holding {Held}, got change {Got}; fetching the whole ruleset")]
    private static partial void LogGap(ILogger logger, string environment, long held, long got);

    [LoggerMessage(Level = LogLevel.Information, Message = "Installed the whole ruleset of '{Environment}' at version {Version}")]
    private static partial void LogInstalled(ILogger logger, string environment, long version);
}
