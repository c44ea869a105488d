using System.Reflection;

namespace Vexil.Server.Dashboard;

/// <summary>The dashboard's one stylesheet, embedded in the executable and served by it (no CDN, works offline).</summary>
internal static class DashboardAssets
{
    public const string CssPath = "/dashboard/assets/dashboard.css";

    private static readonly Lazy<byte[]> Css = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Vexil.Dashboard.dashboard.css")
            ?? throw new InvalidOperationException("The dashboard stylesheet is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static void MapDashboardAssets(this IEndpointRouteBuilder app) =>
        app.MapGet(CssPath, (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "public, max-age=3600";
            return TypedResults.Bytes(Css.Value, "text/css; charset=utf-8");
        }).AllowAnonymous().ExcludeFromDescription();
}
