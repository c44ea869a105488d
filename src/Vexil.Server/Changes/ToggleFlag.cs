using Vexil.Server.Storage;

namespace Vexil.Server.Changes;

/// <summary>The kill switch: turns a flag on or off in one environment, changing nothing else.</summary>
internal sealed record ToggleFlag(string Environment, string Flag, bool Enabled, Precondition Base) : Change;
