using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Vexil.Server.Auth;

namespace Vexil.Server.Serve;

/// <summary>
/// <c>vexil serve</c> accepts exactly the keys it was configured with (<c>Authorization: Bearer</c> or
/// <c>X-API-Key</c>), compared by SHA-256 hash, as evaluation-only (client) keys; anything else is 401.
/// </summary>
internal sealed class ServeAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ServeKeys keys,
    IProblemDetailsService problems) : ConfiguredKeyAuthenticationHandler(options, logger, encoder, problems)
{
    public const string SchemeName = "VexilServe";

    protected override string RejectedKeyMessage => "This server does not accept that key.";

    protected override string ChallengeDetail => "A key this server accepts is required.";

    protected override IReadOnlyList<Claim>? Identify(string secret) => keys.Accepts(secret)
        ?
        [
            new Claim(ClaimTypes.Name, $"sdk:client:serve-{SecretTokens.Hash(secret)[..12]}"),
            new Claim(VexilClaims.Kind, SdkKeyKind.Client),
        ]
        : null;
}
