namespace Vexil.Server.Changes;

/// <summary>Creates the change set's project with the default environments (development, staging, production).</summary>
internal sealed record CreateProject(string Name) : Change;
