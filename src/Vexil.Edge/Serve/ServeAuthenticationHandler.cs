using System.Security.Claims;
using Vexil.Hosting.Auth;

namespace Vexil.Edge.Serve;

/// <summary>
/// <c>vexil serve</c> accepts exactly the keys it was configured with (<c>Authorization: Bearer</c> or
/// <c>X-API-Key</c>), compared by SHA-256 hash, as evaluation-only (client) keys; anything else is 401.
/// </summary>
internal sealed class ServeAuthenticationHandler(
    ServeKeys keys,
    IProblemDetailsService problems) : ConfiguredKeyAuthenticationHandler(problems)
{
    public const string SchemeName = "VexilServe";

    /// <summary>Registers this handler as the default scheme.</summary>
    public static void Register(IServiceCollection services) => AuthSchemes.RegisterDefault<ServeAuthenticationHandler>(services, SchemeName);

    protected override string RejectedKeyMessage => "This server does not accept that key.";

    protected override string ChallengeDetail => "A key this server accepts is required.";

    protected override IReadOnlyList<Claim>? Identify(string secret) => keys.Accepts(secret)
        ?
        [
            new Claim(ClaimTypes.Name, $"sdk:client:serve-{keys.HashOf(secret)[..12]}"),
            new Claim(VexilClaims.Kind, SdkKeyKind.Client),
        ]
        : null;
}
