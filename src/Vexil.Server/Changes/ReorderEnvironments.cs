namespace Vexil.Server.Changes;

/// <summary>Puts the project's environments in this order (every environment of the project, each once).</summary>
internal sealed record ReorderEnvironments(IReadOnlyList<string> Keys) : Change;
