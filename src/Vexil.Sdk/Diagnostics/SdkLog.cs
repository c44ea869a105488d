using Microsoft.Extensions.Logging;

namespace Vexil.Sdk.Diagnostics;

/// <summary>Every message the SDK logs, source-generated (the follower of the rules logs its own: Vexil.Delivery, ids 100–124).</summary>
internal static partial class SdkLog
{
    [LoggerMessage(1, LogLevel.Information, "Vexil rules updated to version {Version} ({Source})")]
    public static partial void RulesUpdated(this ILogger logger, long version, string source);

    [LoggerMessage(2, LogLevel.Warning, "Ignored a ruleset at version {Offered}: version {Current} is already served (versions never go back)")]
    public static partial void IgnoredOlderRuleset(this ILogger logger, long offered, long current);

    [LoggerMessage(8, LogLevel.Error, "The Vexil server refused the SDK key ({StatusCode}); the client stops updating and serves its last rules")]
    public static partial void KeyRefused(this ILogger logger, int statusCode);

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
