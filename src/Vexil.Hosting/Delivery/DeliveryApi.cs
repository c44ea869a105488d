using System.Globalization;
using Microsoft.Extensions.Options;
using Vexil.Hosting.Auth;

namespace Vexil.Hosting.Delivery;

/// <summary>
/// The delivery protocol (docs/protocol.md), served alike by the control plane and every edge:
/// <c>GET /sdk/v1/ruleset</c> (ETag, 304, Vexil-Min-Version) and <c>GET /sdk/v1/stream</c> (Server-Sent Events).
/// </summary>
internal static class DeliveryApi
{
    public const string LastEventIdHeader = "Last-Event-ID";

    public static RouteGroupBuilder MapDeliveryApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/sdk/v1").WithTags("SDK");
        group.MapGet("/ruleset", GetRulesetAsync).RequireAuthorization(SdkKeyPolicies.ServerKey);
        group.MapGet("/stream", StreamAsync).RequireAuthorization(SdkKeyPolicies.ServerKey);
        group.MapClientKeysApi();
        return group;
    }

    /// <summary>The whole ruleset; <c>ETag: "version"</c>, and <c>304</c> when <c>If-None-Match</c> names the current version.</summary>
    private static async Task<IResult> GetRulesetAsync(HttpContext context, IDeliverySource source, IOptions<DeliveryOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var feed = await source.GetFeedAsync(context.User.EnvironmentOf()!.Value, cancellationToken);
        if (feed is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: "No such resource.");
        }

        var minVersion = MinVersion(context);
        if (minVersion is { } min)
        {
            await feed.WaitForVersionAsync(min, options.Value.MinVersionWait, time, cancellationToken);
        }

        var document = await feed.GetRulesetAsync(cancellationToken);
        if (document is null)
        {
            return Unavailable(context, options.Value, "No ruleset for this environment yet; retry later.");
        }

        if (minVersion is not null)
        {
            context.Response.Headers[ProtocolHeaders.MinVersionSatisfiedHeader] = document.Version >= minVersion ? "true" : "false";
        }

        var etag = string.Create(CultureInfo.InvariantCulture, $"\"{document.Version}\"");
        context.Response.Headers.ETag = etag;
        return context.Request.Headers.IfNoneMatch.Contains(etag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(document.Utf8Json, "application/json");
    }

    private static async Task<IResult> StreamAsync(
        HttpContext context,
        IDeliverySource source,
        StreamLimiter limiter,
        OpenStreams streams,
        DeliveryMetrics metrics,
        IOptions<DeliveryOptions> options,
        TimeProvider time,
        long? since,
        CancellationToken cancellationToken)
    {
        if (!limiter.TryAcquire())
        {
            metrics.StreamRefused();
            return Unavailable(context, options.Value, "This server holds as many streams as it may; retry later or elsewhere.");
        }

        // Registered by its key before anything is sent, so that a revocation from now on ends it.
        var open = streams.TryOpen(StreamCaller.Of(context.User)!, int.MaxValue)!;
        var handedOver = false;
        try
        {
            var feed = await source.GetFeedAsync(context.User.EnvironmentOf()!.Value, cancellationToken);
            if (feed is null)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: "No such resource.");
            }

            if (MinVersion(context) is { } min)
            {
                var satisfied = await feed.WaitForVersionAsync(min, options.Value.MinVersionWait, time, cancellationToken);
                context.Response.Headers[ProtocolHeaders.MinVersionSatisfiedHeader] = satisfied ? "true" : "false";
            }

            var lastEventId = long.TryParse(context.Request.Headers[LastEventIdHeader], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : since;
            if (lastEventId is { } held && held > feed.Version)
            {
                // The subscriber holds a version this server has not reached yet (an edge restarted from a last-known-good
                // one version behind what it streamed, or a sibling behind the one the subscriber used before): wait for
                // it, bounded like Vexil-Min-Version, so the stream resumes after it instead of offering an older ruleset.
                // A version still unknown after the wait gets the whole ruleset, as an unknown version always does.
                await feed.WaitForVersionAsync(held, options.Value.MinVersionWait, time, cancellationToken);
            }

            for (var attempt = 0; attempt < 5; attempt++)
            {
                var ruleset = lastEventId is { } v && feed.CanResumeFrom(v) ? null : await feed.GetRulesetEventAsync(cancellationToken);
                var subscription = feed.Subscribe(lastEventId, ruleset);
                if (subscription is not null)
                {
                    handedOver = true;
                    open.Attach(subscription);
                    var resumed = ruleset is null ? lastEventId : null;
                    return new DeliveryStreamResult(feed, subscription, open, resumed, limiter, metrics, options.Value);
                }
            }

            return Unavailable(context, options.Value, "The environment is changing too fast to start a stream; retry.");
        }
        finally
        {
            if (!handedOver)
            {
                open.Dispose();
                limiter.Release();
            }
        }
    }

    private static long? MinVersion(HttpContext context) =>
        long.TryParse(context.Request.Headers[ProtocolHeaders.MinVersionHeader], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static IResult Unavailable(HttpContext context, DeliveryOptions options, string detail)
    {
        context.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, detail: detail);
    }
}
