namespace Vexil.Sdk.Status;

/// <summary>A client's status.</summary>
/// <param name="State">Where the rules stand.</param>
/// <param name="Version">The version of the rules being served (0 when none).</param>
/// <param name="LastUpdated">When the source last delivered or confirmed the rules, or null.</param>
/// <param name="LastError">The last problem met, or null.</param>
public sealed record VexilStatus(VexilState State, long Version, DateTimeOffset? LastUpdated, string? LastError);
