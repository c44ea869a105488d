using System.Text.Json;

namespace Vexil.Server.Flags.Api;

/// <summary>A flag in one environment: its native flag object (spec and targeting) and the environment's new version after a write.</summary>
internal sealed record EnvironmentFlagResponse(string Project, string Environment, string Name, JsonElement Flag, IReadOnlyDictionary<string, long>? Versions = null)
{
    public static EnvironmentFlagResponse From(EnvironmentFlagState f, IReadOnlyDictionary<string, long>? versions = null) =>
        new(f.ProjectKey, f.EnvironmentKey, f.Spec.Name, FlagJson.ToElement(f.Flag), versions);
}
