using Microsoft.AspNetCore.Authorization;

namespace Vexil.Hosting.Auth;

/// <summary>The authorization policies of SDK keys, alike on the control plane, an edge and <c>vexil serve</c>.</summary>
internal static class SdkKeyPolicies
{
    /// <summary>A server SDK key: the full ruleset of its environment.</summary>
    public const string ServerKey = "sdk-server";

    /// <summary>Any SDK key: evaluation results of its environment.</summary>
    public const string AnySdkKey = "sdk-any";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(ServerKey, p => p.RequireAuthenticatedUser().RequireClaim(VexilClaims.Kind, SdkKeyKind.Server));
        options.AddPolicy(AnySdkKey, p => p.RequireAuthenticatedUser().RequireClaim(VexilClaims.Kind, SdkKeyKind.Server, SdkKeyKind.Client));
    }
}
