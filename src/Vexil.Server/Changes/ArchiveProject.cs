using Vexil.Server.Storage;

namespace Vexil.Server.Changes;

/// <summary>
/// Archives the change set's project or restores it. An archived project keeps its environments, flags, segments,
/// history and SDK keys (they go on serving: archiving is not revocation), is listed apart, and refuses every other
/// change that names it until it is restored.
/// </summary>
internal sealed record ArchiveProject(bool Archived, Precondition Base) : Change;
