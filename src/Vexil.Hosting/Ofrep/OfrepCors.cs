using Vexil.Hosting.Auth;

namespace Vexil.Hosting.Ofrep;

/// <summary>
/// CORS for OFREP, per client key. A preflight (<c>OPTIONS</c>, which carries no key) is answered only for an origin
/// that some active client key allows, and otherwise refused (403), so a browser on any other origin never sends a
/// key at all. An actual request gets <c>Access-Control-Allow-Origin</c> only when its origin is in the list of the
/// key it carries, so a page on another key's origin cannot read the answers of this one. No credentials mode
/// (cookies) is ever allowed: keys travel in headers.
/// </summary>
internal static class OfrepCors
{
    public const string AllowedMethods = "GET, POST";
    public const string AllowedHeaders = "Authorization, X-API-Key, Content-Type, If-None-Match, Last-Event-ID, Vexil-Min-Version";
    public const string ExposedHeaders = "ETag, Retry-After, Vexil-Min-Version-Satisfied";
    public const int PreflightMaxAgeSeconds = 600;

    /// <summary>Applies to <c>/ofrep/*</c>; put it before authentication (a preflight carries no key).</summary>
    public static IApplicationBuilder UseOfrepCors(this IApplicationBuilder app) =>
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/ofrep", StringComparison.OrdinalIgnoreCase) && c.Request.Headers.Origin.Count > 0, a => a.Use(HandleAsync));

    private static async Task HandleAsync(HttpContext context, RequestDelegate next)
    {
        var origin = context.Request.Headers.Origin.ToString();
        context.Response.Headers.Append("Vary", "Origin");
        if (HttpMethods.IsOptions(context.Request.Method) && context.Request.Headers.AccessControlRequestMethod.Count > 0)
        {
            await PreflightAsync(context, origin);
            return;
        }

        context.Response.OnStarting(() =>
        {
            if (context.User.AllowsOrigin(origin))
            {
                context.Response.Headers.AccessControlAllowOrigin = origin;
                context.Response.Headers.AccessControlExposeHeaders = ExposedHeaders;
            }

            return Task.CompletedTask;
        });
        await next(context);
    }

    private static async Task PreflightAsync(HttpContext context, string origin)
    {
        var known = context.RequestServices.GetRequiredService<IKnownOrigins>();
        var method = context.Request.Headers.AccessControlRequestMethod.ToString();
        if ((method is "GET" or "POST") && await known.IsKnownAsync(origin, context.RequestAborted))
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            context.Response.Headers.AccessControlAllowOrigin = origin;
            context.Response.Headers.AccessControlAllowMethods = AllowedMethods;
            context.Response.Headers.AccessControlAllowHeaders = AllowedHeaders;
            context.Response.Headers.AccessControlMaxAge = PreflightMaxAgeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return;
        }

        await TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, detail: "No client key allows requests from this origin.").ExecuteAsync(context);
    }
}
