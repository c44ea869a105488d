using Vexil.Server.Storage;

namespace Vexil.Server.Changes;

/// <summary>Archives a flag (out of every environment's ruleset, its targeting kept) or restores it.</summary>
internal sealed record ArchiveFlag(string Flag, bool Archived, Precondition Base) : Change;
