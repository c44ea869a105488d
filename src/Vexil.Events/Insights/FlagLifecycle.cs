namespace Vexil.Events.Insights;

/// <summary>What the control plane knows of a flag that the stale rule needs.</summary>
/// <param name="Key">The flag key.</param>
/// <param name="CreatedAt">When the flag was created.</param>
/// <param name="Temporary">A release or experiment flag meant to be removed (as opposed to a permanent kill switch).</param>
/// <param name="ExpectedLifetime">How long a temporary flag is expected to live; null for no limit.</param>
public sealed record FlagLifecycle(string Key, DateTimeOffset CreatedAt, bool Temporary = false, TimeSpan? ExpectedLifetime = null);
