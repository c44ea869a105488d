namespace Vexil.Events.Aggregation;

/// <summary>The earliest and latest evaluation of one flag in a batch (unix seconds).</summary>
internal record struct FlagSeen(long First, long Last);
