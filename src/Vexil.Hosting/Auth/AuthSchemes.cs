using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Authentication;

namespace Vexil.Hosting.Auth;

/// <summary>Registers a role's key handler (a plain <see cref="IAuthenticationHandler"/>, one per request) as its default scheme.</summary>
internal static class AuthSchemes
{
    public static void RegisterDefault<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(IServiceCollection services, string scheme)
        where THandler : class, IAuthenticationHandler
    {
        services.AddAuthentication(scheme);
        services.Configure<AuthenticationOptions>(o => o.AddScheme(scheme, s => s.HandlerType = typeof(THandler)));
        services.AddTransient<THandler>();
    }
}
