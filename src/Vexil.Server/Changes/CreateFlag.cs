using Vexil.Server.Flags;

namespace Vexil.Server.Changes;

/// <summary>Creates a flag in every environment: with the given targeting where one is given, the default elsewhere.</summary>
internal sealed record CreateFlag(FlagSpec Spec, IReadOnlyDictionary<string, FlagTargeting>? Targeting = null) : Change;
