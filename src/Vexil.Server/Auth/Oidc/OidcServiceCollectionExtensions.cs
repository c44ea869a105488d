using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Vexil.Server.Dashboard.Auth;

namespace Vexil.Server.Auth.Oidc;

/// <summary>Registers how people sign in: <see cref="AuthOptions"/> (validated at start), the token exchange's services, and one OpenID Connect scheme per provider for the dashboard.</summary>
internal static class OidcServiceCollectionExtensions
{
    public static IServiceCollection AddVexilOidc(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>());
        services.TryAddSingleton<OidcTokenValidator>();
        services.TryAddSingleton<OidcSignIn>();

        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var authentication = services.AddAuthentication();
        foreach (var (name, provider) in auth.Oidc.Providers)
        {
            // A provider the validator refuses stops the start with its message; it gets no scheme of its own.
            if (Uri.TryCreate(provider.Authority, UriKind.Absolute, out var authority) && AuthOptionsValidator.IsAllowedAuthority(authority) && !string.IsNullOrWhiteSpace(provider.ClientId))
            {
                authentication.AddOpenIdConnect(DashboardOidc.Scheme(name), OidcSignIn.DisplayName(name, provider), o => DashboardOidc.Configure(o, name, provider));
            }
        }

        return services;
    }
}
