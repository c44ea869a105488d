using Vexil.Server.Storage;

namespace Vexil.Server.Changes;

/// <summary>
/// Archives an environment or restores it. An archived environment keeps its flags, segments, keys and history, leaves
/// the dashboard's lists and switchers, and refuses changes that name it until it is restored.
/// </summary>
internal sealed record ArchiveEnvironment(string Key, bool Archived, Precondition Base) : Change;
