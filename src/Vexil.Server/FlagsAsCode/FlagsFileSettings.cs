using Vexil.Server.Governance;

namespace Vexil.Server.FlagsAsCode;

/// <summary>
/// The <c>settings</c> section of a flags file. Each part is left alone when the file leaves it out
/// (<c>Has…</c> false); an explicit <c>null</c> change policy or permissions removes them.
/// </summary>
internal sealed record FlagsFileSettings(
    bool HasChangePolicy,
    ChangePolicy? ChangePolicy,
    bool HasPermissions,
    EnvironmentPermissions? Permissions,
    IReadOnlyList<FlagsFileClientKey>? ClientKeys);
