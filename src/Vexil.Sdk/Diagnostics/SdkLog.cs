using Microsoft.Extensions.Logging;

namespace Vexil.Sdk.Diagnostics;

/// <summary>Every message the SDK logs, source-generated.</summary>
internal static partial class SdkLog
{
    [LoggerMessage(1, LogLevel.Information, "Vexil rules updated to version {Version} ({Source})")]
    public static partial void RulesUpdated(this ILogger logger, long version, string source);

    [LoggerMessage(2, LogLevel.Warning, "Ignored a ruleset at version {Offered}: version {Current} is already served (versions never go back)")]
    public static partial void IgnoredOlderRuleset(this ILogger logger, long offered, long current);

    [LoggerMessage(3, LogLevel.Warning, "Change to version {Version} not applied ({Reason}); fetching the full ruleset")]
    public static partial void ChangeRejected(this ILogger logger, long version, string reason);

    [LoggerMessage(4, LogLevel.Warning, "A ruleset from the server was rejected: {Error}")]
    public static partial void RulesetRejected(this ILogger logger, string error);

    [LoggerMessage(5, LogLevel.Warning, "Vexil stream failed ({Reason}); reconnecting in {Delay}")]
    public static partial void StreamFailed(this ILogger logger, string reason, TimeSpan delay);

    [LoggerMessage(6, LogLevel.Warning, "Vexil stream failed {Failures} times in a row without delivering anything (a proxy breaking SSE?); polling every {Interval}, and trying the stream again in {Retry}")]
    public static partial void FallingBackToPolling(this ILogger logger, int failures, TimeSpan interval, TimeSpan retry);

    [LoggerMessage(7, LogLevel.Warning, "Vexil poll failed ({Reason})")]
    public static partial void PollFailed(this ILogger logger, string reason);

    [LoggerMessage(8, LogLevel.Error, "The Vexil server refused the SDK key ({StatusCode}); the client stops updating and serves its last rules")]
    public static partial void KeyRefused(this ILogger logger, int statusCode);

    [LoggerMessage(9, LogLevel.Information, "Loaded Vexil rules version {Version} from the cache file {Path}")]
    public static partial void CacheLoaded(this ILogger logger, long version, string path);

    [LoggerMessage(10, LogLevel.Warning, "The Vexil cache file {Path} could not be used")]
    public static partial void CacheUnusable(this ILogger logger, string path, Exception exception);

    [LoggerMessage(11, LogLevel.Warning, "Sending {Count} evaluation summaries failed ({Reason})")]
    public static partial void EventsFailed(this ILogger logger, int count, string reason);

    [LoggerMessage(12, LogLevel.Warning, "Dropped {Count} evaluation summaries: the buffer is full")]
    public static partial void EventsDropped(this ILogger logger, long count);

    [LoggerMessage(13, LogLevel.Error, "A Vexil event handler threw")]
    public static partial void HandlerFailed(this ILogger logger, Exception exception);

    [LoggerMessage(14, LogLevel.Error, "The Vexil update loop failed unexpectedly")]
    public static partial void LoopFailed(this ILogger logger, Exception exception);

    [LoggerMessage(15, LogLevel.Warning, "Flag {Flag} could not be decided: a regular expression in rule {RuleId} hit its time bound on this context; the caller's default was served")]
    public static partial void RegexTimedOut(this ILogger logger, string flag, string? ruleId);
}
