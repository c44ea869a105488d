namespace Vexil.Events.Insights;

/// <summary>A flag that the stale rule flags, with every reason that applies.</summary>
/// <param name="Key">The flag key.</param>
/// <param name="Reasons">Every rule the flag meets, in the order of <see cref="StaleReason"/>.</param>
/// <param name="LastEvaluated">Its latest recorded evaluation; null when never evaluated.</param>
public sealed record StaleFlag(string Key, IReadOnlyList<StaleReason> Reasons, DateTimeOffset? LastEvaluated);
