using Vexil.Server.Flags;

namespace Vexil.Server.Changes;

/// <summary>
/// Makes a flag match a desired state (imports and flags as code): creates it when missing; otherwise updates its
/// spec and the given environments' targeting where they differ, and leaves it alone where nothing differs. With
/// <see cref="KeepName"/>, an existing flag keeps its name and lifetime (and its description and tags when the
/// desired state has none).
/// </summary>
internal sealed record PutFlag(FlagSpec Spec, IReadOnlyDictionary<string, FlagTargeting> Targeting, bool KeepName) : Change;
