using Microsoft.Extensions.Logging;

namespace Vexil.Delivery.Following;

/// <summary>The follower's log messages (event ids 100–119, beside the SDK's own 1–99).</summary>
public sealed partial class RulesetFollower
{
    [LoggerMessage(101, LogLevel.Warning, "Stream from {Upstream} failed ({Reason}); reconnecting in {Delay}")]
    private static partial void LogStreamFailed(ILogger logger, Uri upstream, string reason, TimeSpan delay);

    [LoggerMessage(102, LogLevel.Warning, "Not applied ({Rejection}, version {Version}): {Reason}; fetching the whole ruleset")]
    private static partial void LogRejected(ILogger logger, FollowerRejection rejection, long version, string reason);

    [LoggerMessage(103, LogLevel.Warning, "Fetching {Upstream} failed ({Reason})")]
    private static partial void LogFetchFailed(ILogger logger, Uri upstream, string reason);

    [LoggerMessage(104, LogLevel.Warning, "The stream failed {Failures} times in a row without delivering anything (a proxy breaking Server-Sent Events?); polling every {Interval}, and trying the stream again in {Retry}")]
    private static partial void LogFallingBackToPolling(ILogger logger, int failures, TimeSpan interval, TimeSpan retry);

    [LoggerMessage(105, LogLevel.Warning, "Ignored a ruleset at version {Offered}: version {Held} is held (versions never go back)")]
    private static partial void LogIgnoredOlder(ILogger logger, long offered, long held);

    [LoggerMessage(106, LogLevel.Warning, "Could not save version {Version} as last known good; it is served anyway, and a restart starts from an older one")]
    private static partial void LogSaveFailed(ILogger logger, Exception exception, long version);
}
