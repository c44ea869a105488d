using System.Diagnostics.Metrics;

namespace Vexil.Hosting.Ofrep;

/// <summary>OFREP change-stream instrumentation (OpenTelemetry-style names); costs nothing without listeners.</summary>
internal sealed partial class OfrepMetrics
{
    public const string MeterName = "Vexil.Hosting.Ofrep";

    private readonly UpDownCounter<long> _streams;
    private long _refetches;
    private long _undecided;

    public OfrepMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _streams = meter.CreateUpDownCounter<long>("vexil.ofrep.streams", "{stream}", "Open OFREP change streams (/ofrep/v1/events).");
        meter.CreateObservableCounter("vexil.ofrep.evaluations.undecided", () => Volatile.Read(ref _undecided), "{evaluation}", "OFREP evaluations answered ERROR because a regular expression hit its time bound.");
        meter.CreateObservableCounter("vexil.ofrep.refetches.sent", () => Volatile.Read(ref _refetches), "{event}", "refetchEvaluation events written to OFREP change streams.");
    }

    public void StreamOpened() => _streams.Add(1);

    public void StreamClosed() => _streams.Add(-1);

    public void RefetchSent() => Interlocked.Increment(ref _refetches);

    /// <summary>Counts and logs an evaluation a regular expression's time bound left undecided (rare: off the hot path).</summary>
    public static void Undecided(IServiceProvider services, string flag, in Core.Evaluation.EvaluationResult result)
    {
        Interlocked.Increment(ref services.GetRequiredService<OfrepMetrics>()._undecided);
        LogUndecided(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OfrepApi).FullName!), flag, result.Detail.RuleId);
    }

    [LoggerMessage(EventId = 4601, Level = LogLevel.Warning, Message = "OFREP evaluation of flag {Flag} answered ERROR: a regular expression in rule {RuleId} hit its time bound on the caller's context")]
    private static partial void LogUndecided(ILogger logger, string flag, string? ruleId);
}
