using Vexil.Hosting.Configuration;
using Vexil.Hosting.Delivery;
using Vexil.Hosting.Observability;
using Vexil.Hosting.Ofrep;

namespace Vexil.Hosting.Pipeline;

/// <summary>
/// The one middleware pipeline of every server role (control plane, edge, <c>serve</c>), in its one order: forwarded
/// headers from trusted proxies first (everything after reads the scheme and the client's address), HSTS, the metrics
/// listener's gate, ruleset compression, problem details for errors and bare status codes, the protocol header,
/// OFREP's CORS, then authentication and authorization. A role says what it serves (<see cref="PipelineOptions"/>); it
/// never writes its own pipeline.
/// </summary>
internal static class VexilPipeline
{
    public static void UseVexilPipeline(this WebApplication app, PipelineOptions options)
    {
        ListenLog.Report(app, options.Listen);
        app.UseVexilForwardedHeaders(options.TrustedProxies);
        app.UseVexilHsts(options.Listen, options.TrustedProxies.Count > 0);
        app.UseVexilMetricsListener();
        if (options.ServesDelivery)
        {
            app.UseVexilResponseCompression();
        }

        options.BeforeErrors?.Invoke(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        if (options.ServesDelivery)
        {
            app.UseVexilProtocolHeader();
        }

        if (options.ServesBrowsers)
        {
            app.UseOfrepCors();
        }

        app.UseAuthentication();
        app.UseAuthorization();
        options.AfterAuthorization?.Invoke(app);
    }

    /// <summary><c>GET /healthz</c>: the process answers (every role; the readiness checks are at <c>/health/ready</c>).</summary>
    public static void MapVexilLiveness(this IEndpointRouteBuilder app) =>
        app.MapGet("/healthz", () => TypedResults.Ok("ok")).ExcludeFromDescription();
}
