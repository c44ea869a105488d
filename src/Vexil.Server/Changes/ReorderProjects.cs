namespace Vexil.Server.Changes;

/// <summary>
/// Puts the named projects first, in this order (each once); the others follow in the order they had. It names no one
/// project: its change set is <see cref="ChangeSet.ForAllProjects"/> and holds nothing else.
/// </summary>
internal sealed record ReorderProjects(IReadOnlyList<string> Keys) : Change;
