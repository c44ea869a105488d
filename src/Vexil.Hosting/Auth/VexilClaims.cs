using System.Globalization;
using System.Security.Claims;

namespace Vexil.Hosting.Auth;

/// <summary>The claims Vexil puts on a caller, and how to read them.</summary>
internal static class VexilClaims
{
    public const string Kind = "vexil:kind";
    public const string Role = "vexil:role";
    public const string Project = "vexil:project";
    public const string Environment = "vexil:environment";

    /// <summary>The SHA-256 hash of the caller's SDK key (never sent anywhere; it keys the caller's OFREP stream token).</summary>
    public const string KeyHash = "vexil:key-hash";

    /// <summary>A browser origin (CORS) the caller's client key may be used from; one claim per origin.</summary>
    public const string Origin = "vexil:origin";

    /// <summary>The id of the caller's session (people only), to sign it out or keep it when the password changes.</summary>
    public const string Session = "vexil:session";

    /// <summary>The caller's account name (people only).</summary>
    public const string Account = "vexil:account";

    public const string Person = "person";
    public const string Token = "token";

    public static string KindOf(this ClaimsPrincipal user) => user.FindFirstValue(Kind) ?? string.Empty;

    public static long? ProjectOf(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(Project), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : null;

    public static long? EnvironmentOf(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(Environment), NumberStyles.None, CultureInfo.InvariantCulture, out var e) ? e : null;

    /// <summary>True when the caller's key allows requests from the browser origin <paramref name="origin"/>.</summary>
    public static bool AllowsOrigin(this ClaimsPrincipal user, string origin) => user.HasClaim(Origin, origin);

    /// <summary>The claims of a client key's origins.</summary>
    public static IEnumerable<Claim> OriginClaims(IReadOnlyList<string> origins) => origins.Select(o => new Claim(Origin, o));

    /// <summary>The account name of a person; null for tokens and keys.</summary>
    public static string? AccountOf(this ClaimsPrincipal user) => user.KindOf() == Person ? user.FindFirstValue(Account) : null;

    /// <summary>The id of a person's current session.</summary>
    public static long? SessionOf(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(Session), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : null;

    public static string ActorOf(this ClaimsPrincipal user) => user.Identity?.Name ?? "anonymous";
}
