using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Vexil.Hosting.Auth;
using Vexil.Hosting.Delivery;

namespace Vexil.Hosting.Ofrep;

/// <summary>
/// <c>GET /ofrep/v1/events</c>: OFREP's change stream (ADR 0008, <c>event-streams.yaml</c>), advertised in every bulk
/// answer's <c>eventStreams</c>. Server-Sent Events; each time the key's environment moves to a new version the
/// stream sends <c>event: message</c>, <c>id: &lt;version&gt;</c>, <c>data: {"type":"refetchEvaluation","etag":…,"lastModified":…}</c>.
/// The caller is the key in <c>Authorization</c>/<c>X-API-Key</c> or, for browsers' <c>EventSource</c> (which sends no
/// headers), the stream token the bulk answer put in the URL.
/// </summary>
internal static class OfrepEventsApi
{
    public const string Path = "/ofrep/v1/events";

    /// <summary>The <c>inactivityDelaySec</c> advertised with the stream (OFREP's default).</summary>
    public const int InactivityDelaySeconds = 120;

    public static void MapOfrepEventsApi(this IEndpointRouteBuilder app) =>
        app.MapGet(Path, StreamAsync).WithTags("OFREP").AllowAnonymous(); // authenticated below: by header key or by stream token

    /// <summary>The request URI of the caller's stream (relative: the provider puts its own OFREP origin in front).</summary>
    public static string? RequestUriFor(ClaimsPrincipal caller) =>
        caller.FindFirstValue(VexilClaims.KeyHash) is { Length: 64 } hash ? $"{Path}?token={OfrepStreamToken.Create(hash)}" : null;

    private static async Task<IResult> StreamAsync(
        HttpContext context,
        string? token,
        IOfrepStreamCallers callers,
        IDeliverySource delivery,
        IOfrepRulesetSource rulesets,
        StreamLimiter limiter,
        OpenStreams streams,
        DeliveryMetrics metrics,
        OfrepMetrics ofrepMetrics,
        IOptions<DeliveryOptions> options,
        CancellationToken cancellationToken)
    {
        if (context.User.Identity?.IsAuthenticated != true && OfrepStreamToken.TryParse(token, out var prefix, out var mac)
            && await callers.ResolveAsync(prefix, mac, cancellationToken) is { } claims)
        {
            context.User = new ClaimsPrincipal(new ClaimsIdentity(claims, "OfrepStreamToken"));
        }

        if (context.User.Identity?.IsAuthenticated != true)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, detail: "An SDK key, or the stream token of an OFREP bulk answer, is required.");
        }

        if (context.User.KindOf() is not (SdkKeyKind.Server or SdkKeyKind.Client) || context.User.EnvironmentOf() is not { } environment)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, detail: "This credential may not do that.");
        }

        var feed = await delivery.GetFeedAsync(environment, cancellationToken);
        var target = await rulesets.GetAsync(context.User, null, cancellationToken);
        if (feed is null || target.RetryAfterSeconds is not null)
        {
            return Unavailable(context, options.Value, "No ruleset for this environment yet; retry later.");
        }

        // Client keys are public: their streams have a budget of their own and a cap per key, within MaxStreams.
        var caller = StreamCaller.Of(context.User)!;
        var clientKey = caller.Kind == SdkKeyKind.Client;
        if ((clientKey ? limiter.TryAcquireClientKey() : limiter.TryAcquire() ? null : StreamLimits.Process) is { } refusedBy)
        {
            metrics.StreamRefused(refusedBy);
            return Unavailable(context, options.Value, refusedBy == StreamLimits.ClientKeys
                ? "This server holds as many streams of client keys as it may; retry later or elsewhere."
                : "This server holds as many streams as it may; retry later or elsewhere.");
        }

        // Registered by its key before anything is sent, so that a revocation from now on ends it.
        if (streams.TryOpen(caller, clientKey ? options.Value.MaxStreamsPerClientKey : int.MaxValue) is not { } open)
        {
            limiter.ReleaseClientKey();
            metrics.StreamRefused(StreamLimits.ClientKey);
            return Unavailable(context, options.Value, "This client key holds as many streams as one key may; retry later.");
        }

        // Subscribed at the current version: only later versions arrive. A reconnecting provider (Last-Event-ID older
        // than the current version) is told at once that it missed a change.
        var version = feed.Version;
        var subscription = feed.Subscribe(version, null);
        if (subscription is null)
        {
            open.Dispose();
            limiter.Release(clientKey);
            return Unavailable(context, options.Value, "The environment is changing too fast to start a stream; retry.");
        }

        open.Attach(subscription);
        var missed = long.TryParse(context.Request.Headers[DeliveryApi.LastEventIdHeader], NumberStyles.None, CultureInfo.InvariantCulture, out var last) && last < version;
        return new OfrepEventsResult(feed, subscription, open, version, target.Scope, missed ? version : null, limiter, clientKey, ofrepMetrics, options.Value);
    }

    private static IResult Unavailable(HttpContext context, DeliveryOptions options, string detail)
    {
        context.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, detail: detail);
    }
}
