namespace Vexil.Events.Insights;

/// <summary>What the store knows of one flag's evaluations in an environment.</summary>
/// <param name="Flag">The flag key.</param>
/// <param name="FirstSeen">Its earliest recorded evaluation.</param>
/// <param name="LastEvaluated">Its latest recorded evaluation.</param>
/// <param name="VariationsSince">Distinct variations served since the queried instant (evaluations or exposures).</param>
public sealed record FlagActivity(string Flag, DateTimeOffset FirstSeen, DateTimeOffset LastEvaluated, int VariationsSince);
