using Vexil.Server.Storage;

namespace Vexil.Server.Changes;

/// <summary>Renames the change set's project.</summary>
internal sealed record RenameProject(string Name, Precondition Base) : Change;
