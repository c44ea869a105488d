using System.Globalization;
using System.Security.Claims;

namespace Vexil.Hosting.Auth;

/// <summary>The claims of a caller holding an SDK key, alike wherever the key was recognised (a header or an OFREP stream token).</summary>
internal static class SdkKeyClaims
{
    public static List<Claim> Create(string name, string kind, long environmentId, string keyHash, IReadOnlyList<string> origins)
    {
        var claims = new List<Claim>(4 + origins.Count)
        {
            new(ClaimTypes.Name, name),
            new(VexilClaims.Kind, kind),
            new(VexilClaims.Environment, environmentId.ToString(CultureInfo.InvariantCulture)),
            new(VexilClaims.KeyHash, keyHash),
        };
        claims.AddRange(VexilClaims.OriginClaims(origins));
        return claims;
    }
}
