namespace Vexil.Server.Projects.Api;

/// <summary>Renames a project.</summary>
internal sealed record UpdateProjectRequest(string? Name);
