namespace Vexil.Server.Dashboard.Audit;

internal static class DashboardAudit
{
    public static void MapDashboardAudit(this IEndpointRouteBuilder app)
    {
    }
}
