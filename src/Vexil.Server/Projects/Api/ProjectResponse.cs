
using Vexil.Server.Environments.Api;

namespace Vexil.Server.Projects.Api;

/// <summary>A project as the API shows it.</summary>
internal sealed record ProjectResponse(
    string Key,
    string Name,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<EnvironmentResponse>? Environments = null,
    IReadOnlyDictionary<string, long>? Versions = null,
    bool Archived = false)
{
    public static ProjectResponse From(ProjectState p, IReadOnlyList<EnvironmentResponse>? environments = null, IReadOnlyDictionary<string, long>? versions = null) =>
        new(p.Key, p.Name, p.CreatedAt, p.UpdatedAt, environments, versions, p.Archived);
}
