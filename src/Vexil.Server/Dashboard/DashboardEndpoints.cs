using Vexil.Server.Dashboard.Accounts;
using Vexil.Server.Dashboard.Audit;
using Vexil.Server.Dashboard.Auth;
using Vexil.Server.Dashboard.Environments;
using Vexil.Server.Dashboard.Flags;
using Vexil.Server.Dashboard.Governance;
using Vexil.Server.Dashboard.Keys;
using Vexil.Server.Dashboard.Projects;
using Vexil.Server.Dashboard.Segments;
using Vexil.Server.Dashboard.Webhooks;

namespace Vexil.Server.Dashboard;

/// <summary>Maps the dashboard at <c>/</c> (control plane only; not on edges or <c>vexil serve</c>).</summary>
internal static class DashboardEndpoints
{
    public static void MapVexilDashboard(this WebApplication app)
    {
        app.MapDashboardAssets();
        app.MapDashboardSignIn();
        app.MapDashboardOidc();
        app.MapDashboardResetPassword();
        app.MapDashboardHome();
        app.MapDashboardFlags();
        app.MapDashboardFlagConfig();
        app.MapDashboardFlagSettings();
        app.MapDashboardCompare();
        app.MapDashboardPromote();
        app.MapDashboardRollback();
        app.MapDashboardProjectSettings();
        app.MapDashboardSegments();
        app.MapDashboardAudit();
        app.MapDashboardChanges();
        app.MapDashboardGovernance();
        app.MapDashboardSchedules();
        app.MapDashboardKeys();
        app.MapDashboardWebhooks();
        app.MapDashboardAccounts();
    }
}
