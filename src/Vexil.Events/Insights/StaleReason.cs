namespace Vexil.Events.Insights;

/// <summary>Why a flag is stale (docs/events.md, "Stale flags").</summary>
public enum StaleReason
{
    /// <summary>Not evaluated for the whole stale period (or never, and older than it).</summary>
    NotEvaluated,

    /// <summary>Evaluated, but served one single variation to everyone for the whole stale period.</summary>
    SingleVariation,

    /// <summary>A temporary flag older than its expected lifetime.</summary>
    PastExpectedLifetime,
}
