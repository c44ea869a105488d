using Vexil.Server.Flags;
using Vexil.Server.Storage;

namespace Vexil.Server.Changes;

/// <summary>Replaces a flag's targeting in one environment.</summary>
internal sealed record ConfigureFlag(string Environment, string Flag, FlagTargeting Targeting, Precondition Base) : Change;
