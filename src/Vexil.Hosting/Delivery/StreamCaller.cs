using System.Security.Claims;
using Vexil.Hosting.Auth;

namespace Vexil.Hosting.Delivery;

/// <summary>Whose stream it is: the SDK key (by its SHA-256 hash, never the key), its environment and its kind.</summary>
internal sealed record StreamCaller(string KeyHash, long EnvironmentId, string Kind)
{
    /// <summary>The caller of an authenticated SDK key request; null for any other credential.</summary>
    public static StreamCaller? Of(ClaimsPrincipal user) =>
        user.FindFirstValue(VexilClaims.KeyHash) is { Length: > 0 } hash && user.EnvironmentOf() is { } environment
            ? new StreamCaller(hash, environment, user.KindOf())
            : null;
}
