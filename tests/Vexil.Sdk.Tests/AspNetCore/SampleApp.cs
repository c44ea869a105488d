using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.Mvc;
using Vexil.Sdk.AspNetCore.FeatureManagement;
using Vexil.Sdk.AspNetCore.HealthChecks;
using Vexil.Sdk.Configuration;
using Vexil.Sdk.DependencyInjection;

namespace Vexil.Sdk.Tests.AspNetCore;

/// <summary>
/// An application written for Microsoft.FeatureManagement ([FeatureGate]) moved to Vexil by configuration, on real
/// Kestrel on loopback. A request with header <c>X-User</c> is signed in as that user.
/// </summary>
public sealed class SampleApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SampleApp(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<SampleApp> StartAsync(Action<VexilOptions> configureVexil)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Services.AddVexil(configureVexil);
        builder.Services.AddVexilFeatureManagement();
        builder.Services.AddHealthChecks().AddVexil();
        builder.Services.AddAuthentication(HeaderAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, HeaderAuthenticationHandler>(HeaderAuthenticationHandler.SchemeName, null);
        builder.Services.AddControllers().AddApplicationPart(typeof(BetaController).Assembly);

        var app = builder.Build();
        app.UseAuthentication();
        app.MapControllers();
        app.MapHealthChecks("/health");
        app.MapGet("/layout/wide", () => "wide").WithVariantGate("checkout-layout", "wide");
        app.MapGet("/layout/variant", async (IVariantFeatureManagerSnapshot features, CancellationToken cancellationToken) =>
            (await features.GetVariantAsync("checkout-layout", cancellationToken)) is { } variant ? $"{variant.Name}={variant.Configuration?.Value}" : "none");
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SampleApp(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(TestContext.Current.CancellationToken);
        await _app.DisposeAsync();
    }

    /// <summary>Signs a request in as the user named by its <c>X-User</c> header.</summary>
    public sealed class HeaderAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "Header";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var user = Request.Headers["X-User"].ToString();
            if (user.Length == 0)
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user), new Claim(ClaimTypes.Name, user)], SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }
    }
}

/// <summary>A controller gated on a multivariate flag's variant.</summary>
[ApiController]
[Route("layout")]
public sealed class LayoutController : ControllerBase
{
    [HttpGet("compact")]
    [VariantFeatureGate("checkout-layout", "compact")]
    public IActionResult Compact() => Ok("compact");
}

/// <summary>A controller as written for Microsoft.FeatureManagement.</summary>
[ApiController]
[Route("beta")]
public sealed class BetaController : ControllerBase
{
    [HttpGet]
    [FeatureGate("beta-dashboard")]
    public IActionResult Get() => Ok("beta");

    [HttpGet("always")]
    public IActionResult Always() => Ok("always");
}
