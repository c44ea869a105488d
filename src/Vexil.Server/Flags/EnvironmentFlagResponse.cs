using System.Text.Json;

namespace Vexil.Server.Flags;

/// <summary>A flag in one environment: its native flag object (definition and configuration) and the environment's new version after a write.</summary>
internal sealed record EnvironmentFlagResponse(string Project, string Environment, string Name, JsonElement Flag, IReadOnlyDictionary<string, long>? Versions = null)
{
    public static EnvironmentFlagResponse From(EnvironmentFlagState f, IReadOnlyDictionary<string, long>? versions = null) =>
        new(f.ProjectKey, f.EnvironmentKey, f.Definition.Name, NativeFlagWriter.ToElement(f.Definition, f.Config, f.Version), versions);
}
