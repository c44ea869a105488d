namespace Vexil.Server.Environments.Api;

/// <summary>An environment as the API shows it, with its current version.</summary>
internal sealed record EnvironmentResponse(string Key, string Name, long Version, IReadOnlyDictionary<string, long>? Versions = null, bool Archived = false)
{
    public static EnvironmentResponse From(EnvironmentState e, IReadOnlyDictionary<string, long>? versions = null) => new(e.Key, e.Name, e.Version, versions, e.Archived);
}
