using System.Globalization;
using System.Security.Claims;
using Vexil.Server.Storage;

namespace Vexil.Server.Auth;

/// <summary>The control plane's reading of a caller's admin role (<see cref="VexilClaims.Role"/>); SDK keys have none.</summary>
internal static class AdminRoleClaims
{
    public static Role? RoleOf(this ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(VexilClaims.Role), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? (Role)r : null;

    /// <summary>The role a person or an API token writes with (environment permissions depend on it); null for SDK keys.</summary>
    public static Role? WriterRoleOf(this ClaimsPrincipal user) => user.KindOf() is VexilClaims.Person or VexilClaims.Token ? user.RoleOf() : null;

    /// <summary>A person or an API token (not an SDK key) with at least <paramref name="role"/>.</summary>
    public static bool HasAdminRole(this ClaimsPrincipal user, Role role) =>
        user.KindOf() is VexilClaims.Person or VexilClaims.Token && user.RoleOf() >= role;

    /// <summary>The claims of a control-plane SDK key.</summary>
    public static List<Claim> For(SdkKeyState key, string keyHash) =>
        SdkKeyClaims.Create($"sdk:{key.Kind}:{key.Id}", key.Kind, key.EnvironmentId, keyHash, key.AllowedOrigins);
}
