using Vexil.Core.Model;

namespace Vexil.Server.Flags;

/// <summary>How a flag is served in one environment: on or off, and Core's targeting parts.</summary>
/// <remarks>
/// <see cref="Source"/> is the native flag the targeting was read from, if any: fields of Core's model that this record
/// does not name ride along with it, so a model that grows (context kinds, new kinds of serve) needs no change here.
/// </remarks>
internal sealed record FlagTargeting(
    bool Enabled,
    string? OffVariation,
    string? Salt,
    IReadOnlyList<PrerequisiteDefinition> Prerequisites,
    IReadOnlyList<TargetDefinition> Targets,
    IReadOnlyList<RuleDefinition> Rules,
    ServeDefinition Fallthrough,
    FlagDefinition? Source = null)
{
    /// <summary>A placeholder used to compare specs alone (serves nothing that exists).</summary>
    internal static readonly FlagTargeting Off = new(false, null, null, [], [], [], ServeDefinition.Of(string.Empty));

    /// <summary>The targeting a flag gets in an environment where nobody configured it yet: off, serving its last variation; on, its first.</summary>
    public static FlagTargeting Default(FlagSpec spec)
    {
        var first = spec.Variations.Count > 0 ? spec.Variations[0].Key : string.Empty;
        var last = spec.Variations.Count > 0 ? spec.Variations[^1].Key : null;
        return new FlagTargeting(false, last, null, [], [], [], ServeDefinition.Of(first));
    }

    /// <summary>The per-environment part of a native flag.</summary>
    public static FlagTargeting From(FlagDefinition flag) =>
        new(flag.Enabled, flag.OffVariation, flag.Salt, flag.Prerequisites, flag.Targets, flag.Rules, flag.Fallthrough, flag);

    /// <summary>True when both serve the same way (compared as canonical JSON).</summary>
    public bool SameAs(FlagTargeting other, FlagSpec spec) =>
        FlagJson.SameFlag(spec.With(this, 0), spec.With(other, 0));
}
