using System.Security.Claims;
using Vexil.Hosting.Auth;

namespace Vexil.Edge;

/// <summary>
/// The edge accepts the server keys it was configured with and the client keys of those environments that it learnt
/// from its upstream (<c>Authorization: Bearer</c> or <c>X-API-Key</c>), both compared by SHA-256 hash; a client key
/// until it expires or the upstream stops listing it (revoked). Anything else is 401.
/// </summary>
internal sealed class EdgeAuthenticationHandler(
    EdgeEnvironments environments,
    TimeProvider time,
    IProblemDetailsService problems) : ConfiguredKeyAuthenticationHandler(problems)
{
    public const string SchemeName = "VexilEdge";

    /// <summary>Registers this handler as the default scheme.</summary>
    public static void Register(IServiceCollection services) => AuthSchemes.RegisterDefault<EdgeAuthenticationHandler>(services, SchemeName);

    protected override string RejectedKeyMessage => "This edge does not serve that key.";

    protected override string ChallengeDetail => "An SDK key of an environment this edge serves is required.";

    protected override IReadOnlyList<Claim>? Identify(string secret)
    {
        if (secret.StartsWith(SecretTokens.ClientKeyPrefix, StringComparison.Ordinal))
        {
            return environments.FindClientKey(secret, time.GetUtcNow()) is { } found ? EdgeEnvironments.ClientClaims(found.Environment, found.Key) : null;
        }

        return environments.FindByKey(secret) is { } served ? EdgeEnvironments.ServerClaims(served) : null;
    }
}
