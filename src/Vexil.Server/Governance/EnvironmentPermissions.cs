using Vexil.Server.Storage;

namespace Vexil.Server.Governance;

/// <summary>
/// What each role may do in one environment: "anyone may change staging; in production editors propose and
/// administrators approve" is staging without permissions and production with <c>editor: propose</c>. Viewers only
/// ever read; a role never has less than the role below it.
/// </summary>
internal sealed record EnvironmentPermissions(AccessLevel Editor, AccessLevel Administrator)
{
    /// <summary>An environment without permissions of its own: editors and administrators write.</summary>
    public static readonly EnvironmentPermissions Default = new(AccessLevel.Write, AccessLevel.Write);

    /// <summary>What <paramref name="role"/> may do here; a write without a role (Vexil itself) is never narrowed.</summary>
    public AccessLevel LevelOf(Role? role) => role switch
    {
        null => AccessLevel.Write,
        Role.Administrator => Administrator,
        Role.Editor => Editor,
        _ => AccessLevel.Read,
    };

    public static string Name(AccessLevel level) => level switch
    {
        AccessLevel.Read => "read",
        AccessLevel.Propose => "propose",
        _ => "write",
    };

    public static AccessLevel? Parse(string? name) => name switch
    {
        "read" => AccessLevel.Read,
        "propose" => AccessLevel.Propose,
        "write" => AccessLevel.Write,
        _ => null,
    };
}
