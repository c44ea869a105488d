using Vexil.Server.Flags;
using Vexil.Server.Storage;

namespace Vexil.Server.Changes;

/// <summary>Replaces a flag's spec (shared by every environment).</summary>
internal sealed record UpdateFlag(FlagSpec Spec, Precondition Base) : Change;
