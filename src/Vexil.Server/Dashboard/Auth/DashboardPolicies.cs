using Vexil.Server.Storage;
using Microsoft.AspNetCore.Authorization;
using Vexil.Server.Auth;

namespace Vexil.Server.Dashboard.Auth;

/// <summary>The dashboard's policies: the API's roles, authenticated by the session cookie only.</summary>
internal static class DashboardPolicies
{
    public const string Viewer = "dashboard-viewer";
    public const string Editor = "dashboard-editor";
    public const string Administrator = "dashboard-administrator";

    public static void Require(AuthorizationPolicyBuilder policy, Role role) =>
        policy.AddAuthenticationSchemes(DashboardAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireAssertion(c => c.User.HasAdminRole(role));
}
