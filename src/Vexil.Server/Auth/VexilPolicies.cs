using Microsoft.AspNetCore.Authorization;
using Vexil.Server.Storage;

namespace Vexil.Server.Auth;

/// <summary>The control plane's authorization policies: admin roles (people and API tokens only) and, shared with edges, SDK keys (<see cref="SdkKeyPolicies"/>).</summary>
internal static class VexilPolicies
{
    public const string Viewer = "viewer";
    public const string Editor = "editor";
    public const string Administrator = "administrator";

    /// <summary>A person signed in (any role): their own sessions and password.</summary>
    public const string Person = "person";

    /// <summary>A server SDK key: the full ruleset of its environment.</summary>
    public const string ServerKey = SdkKeyPolicies.ServerKey;

    /// <summary>Any SDK key: evaluation results of its environment.</summary>
    public const string AnySdkKey = SdkKeyPolicies.AnySdkKey;

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Viewer, p => p.RequireAuthenticatedUser().RequireAssertion(c => c.User.HasAdminRole(Role.Viewer)));
        options.AddPolicy(Editor, p => p.RequireAuthenticatedUser().RequireAssertion(c => c.User.HasAdminRole(Role.Editor)));
        options.AddPolicy(Administrator, p => p.RequireAuthenticatedUser().RequireAssertion(c => c.User.HasAdminRole(Role.Administrator)));
        options.AddPolicy(Person, p => p.RequireAuthenticatedUser().RequireClaim(VexilClaims.Kind, VexilClaims.Person).RequireClaim(VexilClaims.Account));
        SdkKeyPolicies.Add(options);
    }
}
