using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Vexil.Server.Auth.Oidc;

/// <summary>
/// Checks an ID token a provider issued to Vexil's dashboard or command-line client: signed by one of the provider's
/// keys (its JWKS, from the discovery document, cached and refreshed when a token names an unknown key), issued by the
/// provider's issuer, for one of the provider's client ids, and not expired (by the server's <see cref="TimeProvider"/>).
/// </summary>
internal sealed partial class OidcTokenValidator(IOptions<AuthOptions> auth, TimeProvider time, ILogger<OidcTokenValidator> logger)
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, ConfigurationManager<OpenIdConnectConfiguration>> _configurations = new(StringComparer.Ordinal);
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    /// <summary>The discovery document of <paramref name="providerName"/> (cached); throws when the provider cannot be reached.</summary>
    public Task<OpenIdConnectConfiguration> ConfigurationAsync(string providerName, CancellationToken cancellationToken) =>
        Manager(providerName).GetConfigurationAsync(cancellationToken);

    /// <summary>Validates <paramref name="idToken"/> for the provider <paramref name="providerName"/>.</summary>
    public async Task<OidcTokenValidation> ValidateAsync(string providerName, string idToken, CancellationToken cancellationToken)
    {
        var provider = auth.Value.Oidc.Providers[providerName];
        var manager = Manager(providerName);
        var result = await ValidateOnceAsync(provider, await manager.GetConfigurationAsync(cancellationToken), idToken);
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // The provider may have rotated its keys since the document was read: read it again, once.
            manager.RequestRefresh();
            result = await ValidateOnceAsync(provider, await manager.GetConfigurationAsync(cancellationToken), idToken);
        }

        if (result.IsValid)
        {
            return new OidcTokenValidation(new ClaimsPrincipal(result.ClaimsIdentity), null);
        }

        var error = result.Exception switch
        {
            SecurityTokenExpiredException => "it has expired",
            SecurityTokenNotYetValidException => "it is not valid yet",
            SecurityTokenInvalidAudienceException => "it was issued to another client (audience)",
            SecurityTokenInvalidIssuerException => "it was issued by another issuer",
            SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "its signature is not the provider's",
            SecurityTokenNoExpirationException => "it has no expiry",
            SecurityTokenInvalidLifetimeException => "it has expired or is not valid yet",
            _ => "it is not a valid ID token",
        };
        LogRefused(logger, providerName, error, result.Exception?.GetType().Name);
        return new OidcTokenValidation(null, error);
    }

    private Task<TokenValidationResult> ValidateOnceAsync(OidcProviderOptions provider, OpenIdConnectConfiguration configuration, string idToken)
    {
        string[] audiences = provider.CliClientId is { Length: > 0 } cli && cli != provider.ClientId ? [provider.ClientId!, cli] : [provider.ClientId!];
        return _handler.ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            ValidAudiences = audiences,
            IssuerSigningKeys = configuration.SigningKeys,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            LifetimeValidator = ValidateLifetime,
        });
    }

    /// <summary>The token's lifetime by the server's clock (<see cref="TimeProvider"/>), with a minute's skew either way.</summary>
    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (expires is null)
        {
            throw new SecurityTokenNoExpirationException("The token has no expiry.");
        }

        if (expires.Value.ToUniversalTime() <= now - ClockSkew)
        {
            throw new SecurityTokenExpiredException("The token has expired.") { Expires = expires.Value };
        }

        if (notBefore is { } nbf && nbf.ToUniversalTime() > now + ClockSkew)
        {
            throw new SecurityTokenNotYetValidException("The token is not valid yet.") { NotBefore = nbf };
        }

        return true;
    }

    private ConfigurationManager<OpenIdConnectConfiguration> Manager(string providerName) =>
        _configurations.GetOrAdd(providerName, name =>
        {
            var authority = new Uri(auth.Value.Oidc.Providers[name].Authority!);
            return new ConfigurationManager<OpenIdConnectConfiguration>(
                authority.AbsoluteUri.TrimEnd('/') + "/.well-known/openid-configuration",
                new OpenIdConnectConfigurationRetriever(),
                new HttpDocumentRetriever { RequireHttps = authority.Scheme == Uri.UriSchemeHttps });
        });

    [LoggerMessage(EventId = 4714, Level = LogLevel.Warning, Message = "An ID token from {Provider} was refused: {Reason} ({Exception})")]
    private static partial void LogRefused(ILogger logger, string provider, string reason, string? exception);
}
