using Vexil.Server.Storage;

namespace Vexil.Server.Changes;

/// <summary>Puts back a flag's targeting in one environment as it was at an earlier environment version (from the change log).</summary>
internal sealed record RollbackFlag(string Environment, string Flag, long ToVersion, Precondition Base) : Change;
