namespace Vexil.Server.Projects.Api;

/// <summary>Creates a project (it gets development, staging and production).</summary>
internal sealed record CreateProjectRequest(string? Key, string? Name);
