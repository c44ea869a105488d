using Vexil.Server.Storage;
using System.Security.Claims;

namespace Vexil.Server.Auth.Oidc;

/// <summary>Claims to a role: the provider's mappings in order, the first that matches decides; then the default role, if any.</summary>
internal static class OidcRoleMapper
{
    /// <summary>The grant of <paramref name="user"/>'s claims, or null when nothing lets them in.</summary>
    public static OidcGrant? Map(OidcProviderOptions provider, ClaimsPrincipal user)
    {
        foreach (var mapping in provider.Mappings)
        {
            if (mapping.Value is not null && user.HasClaim(c => c.Type == mapping.Claim && string.Equals(c.Value, mapping.Value, StringComparison.Ordinal)))
            {
                return new OidcGrant(AuthStore.ParseRole(mapping.Role) ?? Role.Viewer, string.IsNullOrEmpty(mapping.Project) ? null : mapping.Project);
            }
        }

        return AuthStore.ParseRole(provider.DefaultRole) is { } role ? new OidcGrant(role, null) : null;
    }
}
