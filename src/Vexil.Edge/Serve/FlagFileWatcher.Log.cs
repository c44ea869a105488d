namespace Vexil.Edge.Serve;

internal sealed partial class FlagFileWatcher
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Files} flag file(s): {Flags} flag(s), serving version {Version}")]
    private static partial void LogLoaded(ILogger logger, int files, int flags, long version);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rejected the flag files ({Count} problem(s)); version {Version} stays in service:\n  {Problems}")]
    private static partial void LogRejected(ILogger logger, long version, int count, string problems);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rejected the flag files ({Count} problem(s)); nothing is served (not ready) until they load:\n  {Problems}")]
    private static partial void LogRejectedAtStart(ILogger logger, int count, string problems);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot watch {Folder} for changes; the flag files are checked every {Seconds} s instead: {Error}")]
    private static partial void LogWatchFailed(ILogger logger, string folder, double seconds, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not read the flag files; the last good ruleset stays in service: {Error}")]
    private static partial void LogUnreadable(ILogger logger, string error);
}
