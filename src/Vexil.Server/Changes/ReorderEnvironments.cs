namespace Vexil.Server.Changes;

/// <summary>Puts the named environments first, in this order (each once); the others follow in the order they had.</summary>
internal sealed record ReorderEnvironments(IReadOnlyList<string> Keys) : Change;
