namespace Vexil.Server.Dashboard.Segments;

internal static class DashboardSegments
{
    public static void MapDashboardSegments(this IEndpointRouteBuilder app)
    {
    }
}
