namespace Vexil.Server.Projects;

/// <summary>Renames a project.</summary>
internal sealed record UpdateProjectRequest(string? Name);
