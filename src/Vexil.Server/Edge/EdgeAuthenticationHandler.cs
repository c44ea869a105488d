using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Vexil.Server.Auth;

namespace Vexil.Server.Edge;

/// <summary>
/// The edge accepts exactly the server keys it was configured with (<c>Authorization: Bearer</c> or <c>X-API-Key</c>),
/// compared by SHA-256 hash; anything else is 401.
/// </summary>
internal sealed class EdgeAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    EdgeEnvironments environments,
    IProblemDetailsService problems) : ConfiguredKeyAuthenticationHandler(options, logger, encoder, problems)
{
    public const string SchemeName = "VexilEdge";

    protected override string RejectedKeyMessage => "This edge does not serve that key.";

    protected override string ChallengeDetail => "A server key this edge serves is required.";

    protected override IReadOnlyList<Claim>? Identify(string secret) => environments.FindByKey(secret) is { } environment
        ?
        [
            new Claim(ClaimTypes.Name, $"sdk:server:edge-{environment.FileName}"),
            new Claim(VexilClaims.Kind, SdkKeyKind.Server),
            new Claim(VexilClaims.Environment, environment.Id.ToString(CultureInfo.InvariantCulture)),
        ]
        : null;
}
