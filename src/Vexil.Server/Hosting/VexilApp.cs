using Microsoft.Extensions.Options;
using Scalar.AspNetCore;
using Vexil.Server.Audit.Api;
using Vexil.Server.Auth;
using Vexil.Server.Auth.Accounts;
using Vexil.Server.Auth.Oidc;
using Vexil.Server.Dashboard;
using Vexil.Server.Delivery;
using Vexil.Server.Edge;
using Vexil.Server.Environments.Api;
using Vexil.Server.Flags.Api;
using Vexil.Server.Flags.Import;
using Vexil.Server.FlagsAsCode;
using Vexil.Server.Governance.Api;
using Vexil.Server.Hosting.Configuration;
using Vexil.Server.Insights;
using Vexil.Server.Observability;
using Vexil.Server.Ofrep;
using Vexil.Server.Projects.Api;
using Vexil.Server.Sdk;
using Vexil.Server.Segments.Api;
using Vexil.Server.Serve;
using Vexil.Server.Events;
using Vexil.Server.Webhooks;

namespace Vexil.Server.Hosting;

/// <summary>Builds the one Vexil executable's web application.</summary>
internal static class VexilApp
{
    /// <summary>
    /// Creates the application. A first argument <c>edge</c> or <c>serve</c> starts that role; any other first argument
    /// that is not an option is a PostgreSQL connection string; everything else is ordinary configuration (<c>--Vexil:Listen=...</c>, <c>VEXIL__DATADIRECTORY</c>, appsettings).
    /// </summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        if (args.Length > 0 && args[0] == "edge")
        {
            return EdgeApp.Create(args[1..], configure);
        }

        if (args.Length > 0 && args[0] == "serve")
        {
            return ServeApp.Create(args[1..], configure);
        }

        if (args.Length > 0 && !args[0].StartsWith('-'))
        {
            args = [$"--{VexilOptions.Section}:Postgres={args[0]}", .. args[1..]];
        }

        var builder = VexilHostBuilder.Create(args, configure);
        Observability.Tracing.TracingSetup.Add(builder, "vexil");
        var options = builder.Configuration.GetSection(VexilOptions.Section).Get<VexilOptions>() ?? new VexilOptions();
        var listen = VexilHostBuilder.Listen(builder, new VexilOptions().Listen);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);
        builder.Services.AddVexilControlPlane(builder.Configuration);
        builder.Services.AddVexilOfrep(builder.Configuration);
        builder.Services.AddVexilDashboard(builder.Configuration);

        var app = builder.Build();
        ListenLog.Report(app, listen);
        app.UseVexilForwardedHeaders(options);
        app.UseVexilHsts(listen, options.TrustedProxies.Count > 0);
        app.UseVexilMetricsListener();
        app.UseVexilResponseCompression();
        app.UseApiReferenceHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseVexilProtocolHeader();
        app.UseOfrepCors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapControlPlane();
        return app;
    }

    public static void MapControlPlane(this WebApplication app)
    {
        app.MapOpenApi("/api/openapi/{documentName}.json");
        app.MapScalarApiReference("/api/reference", o => o.WithOpenApiRoutePattern("/api/openapi/{documentName}.json").WithTitle("Vexil admin API"));
        app.MapGet("/healthz", () => TypedResults.Ok("ok")).ExcludeFromDescription();

        var api = app.MapGroup("/api/v1");
        var project = api.MapProjectsApi();
        project.MapEnvironmentsApi();
        project.MapFlagsApi();
        project.MapEnvironmentFlagsApi();
        project.MapFlagRollbackApi();
        project.MapFlagdImportApi();
        project.MapFlagsAsCodeApi();
        app.MapFlagsFileSchema();
        project.MapVendorImportApi();
        project.MapInsightsApi();
        project.MapSegmentsApi();
        project.MapSdkKeysApi();
        project.MapWebhooksApi();
        project.MapChangePolicyApi();
        project.MapEnvironmentPermissionsApi();
        project.MapChangeRequestsApi();
        project.MapSchedulesApi();
        api.MapAuditApi(project);
        api.MapAuthApi();
        api.MapOidcApi();
        api.MapAccountsApi();
        api.MapSessionsApi();
        app.MapSdkApi();
        app.MapOfrepApi();
        app.MapDeliveryApi();
        app.MapEventsApi();
        app.MapObservabilityApi();
        app.MapVexilDashboard();
        _ = app.Services.GetRequiredService<IOptions<VexilOptions>>();
    }
}
