using Vexil.Server.Storage;

namespace Vexil.Server.Changes;

/// <summary>Renames an environment (its key, which SDK keys and URLs use, does not change).</summary>
internal sealed record RenameEnvironment(string Key, string Name, Precondition Base) : Change;
