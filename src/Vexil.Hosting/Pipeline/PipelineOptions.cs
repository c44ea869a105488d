using System.Net;
using Vexil.Hosting.Configuration;

namespace Vexil.Hosting.Pipeline;

/// <summary>What a role's host tells the one middleware pipeline (<see cref="VexilPipeline"/>) about itself.</summary>
/// <param name="Listen">Where the role listens (HSTS is sent when it is HTTPS).</param>
internal sealed record PipelineOptions(ListenAddress Listen)
{
    /// <summary>The proxies whose <c>X-Forwarded-*</c> headers are read (<c>Vexil:TrustedProxies</c>); none by default.</summary>
    public IReadOnlyList<IPNetwork> TrustedProxies { get; init; } = [];

    /// <summary>The role serves the delivery protocol (<c>/sdk/v1</c>): whole rulesets compressed, the protocol header on every answer.</summary>
    public bool ServesDelivery { get; init; }

    /// <summary>The role answers OFREP calls from browsers (client keys with allowed origins): CORS.</summary>
    public bool ServesBrowsers { get; init; }

    /// <summary>The role's own middleware that runs before the error handlers (the control plane's API reference headers).</summary>
    public Action<IApplicationBuilder>? BeforeErrors { get; init; }

    /// <summary>The role's own middleware that runs after authorization (the control plane's antiforgery).</summary>
    public Action<IApplicationBuilder>? AfterAuthorization { get; init; }
}
