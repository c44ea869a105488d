using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Vexil.Server.Dashboard.Auth;
using Vexil.Server.Dashboard.FormKeys;
using Vexil.Server.Hosting;
using Vexil.Server.Storage;

namespace Vexil.Server.Dashboard;

/// <summary>Registers the web dashboard (server-rendered Razor components, a session-cookie scheme, antiforgery).</summary>
internal static class DashboardServiceCollectionExtensions
{
    public static IServiceCollection AddVexilDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(VexilOptions.Section).Get<VexilOptions>() ?? new VexilOptions();
        services.AddRazorComponents();
        services.AddScoped<DashboardView>();
        services.TryAddSingleton<DashboardData>();

        // Antiforgery tokens are protected with keys kept in the data folder, so a restart does not void open forms;
        // replicas sharing PostgreSQL keep them in the database instead, so a form served by one posts to any other.
        services.AddDataProtection()
            .SetApplicationName("vexil")
            .PersistKeysToFileSystem(new DirectoryInfo(Vexil.Events.Storage.PrivateFiles.CreateDirectory(Path.Combine(Path.GetFullPath(options.DataDirectory), "dashboard-keys"))));
        services.AddOptions<KeyManagementOptions>().Configure<Database>((keys, database) =>
        {
            if (database.SharedByReplicas)
            {
                keys.XmlRepository = new DatabaseXmlRepository(database);
            }
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "vexil_af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = "__RequestVerificationToken";
        });
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, DashboardAuthenticationHandler>(DashboardAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(DashboardPolicies.Viewer, p => DashboardPolicies.Require(p, Vexil.Server.Storage.Role.Viewer))
            .AddPolicy(DashboardPolicies.Editor, p => DashboardPolicies.Require(p, Vexil.Server.Storage.Role.Editor))
            .AddPolicy(DashboardPolicies.Administrator, p => DashboardPolicies.Require(p, Vexil.Server.Storage.Role.Administrator));
        return services;
    }
}
