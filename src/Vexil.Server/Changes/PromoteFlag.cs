using Vexil.Server.Storage;

namespace Vexil.Server.Changes;

/// <summary>Copies a flag's targeting from one environment to another; the base is the target's.</summary>
internal sealed record PromoteFlag(string Flag, string From, string To, Precondition Base) : Change;
