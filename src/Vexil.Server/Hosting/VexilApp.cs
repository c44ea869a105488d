using Microsoft.Extensions.Options;
using Npgsql;
using Scalar.AspNetCore;
using Vexil.Server.Audit.Api;
using Vexil.Server.Auth;
using Vexil.Server.Auth.Accounts;
using Vexil.Server.Auth.Oidc;
using Vexil.Server.Dashboard;
using Vexil.Server.Environments.Api;
using Vexil.Server.Flags.Api;
using Vexil.Server.Flags.Import;
using Vexil.Server.FlagsAsCode;
using Vexil.Server.Governance.Api;
using Vexil.Hosting.Configuration;
using Vexil.Hosting.Observability.Tracing;
using Vexil.Hosting.Pipeline;
using Vexil.Server.Insights;
using Vexil.Server.Ofrep;
using Vexil.Server.Projects.Api;
using Vexil.Server.SdkEndpoints;
using Vexil.Server.Segments.Api;
using Vexil.Server.Webhooks;

namespace Vexil.Server.Hosting;

/// <summary>Builds the one Vexil executable's web application.</summary>
internal static class VexilApp
{
    /// <summary>
    /// Creates the control plane. A first argument that is not an option is a PostgreSQL connection string; everything
    /// else is ordinary configuration (<c>--Vexil:Listen=...</c>, <c>VEXIL__DATADIRECTORY</c>, appsettings). The other
    /// roles are <c>Vexil.Edge</c>'s (<c>EdgeApp</c>, <c>ServeApp</c>), dispatched by <c>Cli/ServerCommands</c>.
    /// </summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        if (args.Length > 0 && !args[0].StartsWith('-'))
        {
            args = [$"--{VexilOptions.Section}:Postgres={args[0]}", .. args[1..]];
        }

        var builder = VexilHostBuilder.Create(args, configure);
        TracingSetup.Add(builder, "vexil", t => t.AddNpgsql());
        var options = builder.Configuration.GetSection(VexilOptions.Section).Get<VexilOptions>() ?? new VexilOptions();
        var listen = VexilHostBuilder.Listen(builder, new VexilOptions().Listen);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);
        builder.Services.AddVexilControlPlane(builder.Configuration);
        builder.Services.AddVexilOfrep(builder.Configuration);
        builder.Services.AddVexilDashboard(builder.Configuration);

        var app = builder.Build();
        app.UseVexilPipeline(new PipelineOptions(listen)
        {
            TrustedProxies = options.ParseTrustedProxies(),
            ServesDelivery = true,
            ServesBrowsers = true,
            BeforeErrors = a => a.UseApiReferenceHeaders(),
            AfterAuthorization = a => a.UseAntiforgery(),
        });
        app.MapControlPlane();
        return app;
    }

    public static void MapControlPlane(this WebApplication app)
    {
        app.MapOpenApi("/api/openapi/{documentName}.json");
        app.MapScalarApiReference("/api/reference", o => o.WithOpenApiRoutePattern("/api/openapi/{documentName}.json").WithTitle("Vexil admin API"));
        app.MapVexilLiveness();

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
