using Vexil.Core.Model;

namespace Vexil.Server.Flags;

/// <summary>A flag as one environment serves it: the project's spec, that environment's targeting, and the version at which it last changed there.</summary>
internal sealed record EnvironmentFlagState(
    string ProjectKey,
    string EnvironmentKey,
    FlagSpec Spec,
    long SpecRevision,
    FlagTargeting Targeting,
    long TargetingRevision,
    long Version)
{
    public string ETag => $"\"c{SpecRevision}.{TargetingRevision}\"";

    /// <summary>The native flag (Core's model) this environment serves.</summary>
    public FlagDefinition Flag => Spec.With(Targeting, Version);
}
