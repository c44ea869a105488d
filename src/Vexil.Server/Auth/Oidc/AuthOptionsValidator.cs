using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Vexil.Server.Auth.Oidc;

/// <summary>Checks <see cref="AuthOptions"/> at start; each problem names the setting and what it must be.</summary>
internal sealed partial class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var errors = new List<string>();
        foreach (var (provider, p) in options.Oidc.Providers)
        {
            var at = $"Vexil:Auth:Oidc:Providers:{provider}";
            if (!ProviderName().IsMatch(provider))
            {
                errors.Add($"{at}: the provider's name must be 1-40 lowercase letters, digits and '-' (it is part of URLs and of 'vexil login --provider').");
            }

            if (!Uri.TryCreate(p.Authority, UriKind.Absolute, out var authority) || !IsAllowedAuthority(authority))
            {
                errors.Add($"{at}:Authority must be the provider's issuer URL, https:// (http:// only on a loopback address); it is '{p.Authority}'.");
            }

            if (string.IsNullOrWhiteSpace(p.ClientId))
            {
                errors.Add($"{at}:ClientId is required.");
            }

            if (p.DefaultRole is not null && AuthStore.ParseRole(p.DefaultRole) is null)
            {
                errors.Add($"{at}:DefaultRole must be viewer, editor or administrator; it is '{p.DefaultRole}'.");
            }

            for (var i = 0; i < p.Mappings.Count; i++)
            {
                var m = p.Mappings[i];
                if (string.IsNullOrWhiteSpace(m.Claim) || string.IsNullOrEmpty(m.Value))
                {
                    errors.Add($"{at}:Mappings:{i}: Claim and Value are required.");
                }

                if (AuthStore.ParseRole(m.Role) is null)
                {
                    errors.Add($"{at}:Mappings:{i}:Role must be viewer, editor or administrator; it is '{m.Role}'.");
                }
            }

            if (p.Mappings.Count == 0 && p.DefaultRole is null)
            {
                errors.Add($"{at}: no Mappings and no DefaultRole, so nobody could sign in through it.");
            }
        }

        if (!options.LocalPasswords && options.Oidc.Providers.Count == 0)
        {
            errors.Add("Vexil:Auth:LocalPasswords is false and no provider is configured under Vexil:Auth:Oidc:Providers, so nobody could sign in.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>HTTPS, or plain HTTP to a loopback address (a provider on the same machine, such as the tests' one).</summary>
    internal static bool IsAllowedAuthority(Uri authority) =>
        authority.Scheme == Uri.UriSchemeHttps
        || (authority.Scheme == Uri.UriSchemeHttp && (authority.IsLoopback || (IPAddress.TryParse(authority.Host, out var ip) && IPAddress.IsLoopback(ip))));

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex ProviderName();
}
