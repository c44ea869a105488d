namespace Vexil.Server.Dashboard.Keys;

internal static class DashboardKeys
{
    public static void MapDashboardKeys(this IEndpointRouteBuilder app)
    {
    }
}
