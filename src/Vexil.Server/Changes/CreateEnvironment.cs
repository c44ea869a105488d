namespace Vexil.Server.Changes;

/// <summary>Adds an environment to the project; every existing flag gets its default targeting there.</summary>
internal sealed record CreateEnvironment(string Key, string Name) : Change;
