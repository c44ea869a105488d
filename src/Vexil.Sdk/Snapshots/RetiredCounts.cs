namespace Vexil.Sdk.Snapshots;

/// <summary>Slots that stopped counting when a snapshot was replaced, and the window their counts are in.</summary>
internal readonly record struct RetiredCounts(EvaluationCounters Counters, IReadOnlyList<FlagSlot> Slots);
