using System.Buffers;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Vexil.Hosting.Delivery;

namespace Vexil.Hosting.Ofrep;

/// <summary>
/// One OFREP change stream's writer loop (<paramref name="subscribedAt"/>: the version the subscription was opened at). It follows the environment's delivery feed through a bounded subscription
/// (a reader that falls too far behind is closed and reconnects), turns every batch of new versions into one
/// <c>refetchEvaluation</c> event (coalesced: a provider re-fetches once however many versions it missed), and
/// passes the feed's heartbeats on as comments. When its key is no longer accepted (<paramref name="open"/> ended), it
/// writes nothing more and the response ends.
/// </summary>
internal sealed class OfrepEventsResult(
    DeliveryFeed feed,
    DeliverySubscription subscription,
    OpenStream open,
    long subscribedAt,
    string scope,
    long? missedVersion,
    StreamLimiter limiter,
    bool clientKey,
    OfrepMetrics metrics,
    DeliveryOptions options) : IResult
{
    public const string RefetchEvaluation = "refetchEvaluation";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, subscription.Stopped);
        var token = linked.Token;
        var writer = response.BodyWriter;
        metrics.StreamOpened();
        var sent = subscribedAt; // what the subscription was opened at: anything later is news, even if it arrived before this loop started
        try
        {
            writer.Write(DeliveryEvent.RetryFrame(options.ClientRetry));
            if (missedVersion is { } missed)
            {
                writer.Write(await FrameAsync(missed, null));
                metrics.RefetchSent();
            }

            await writer.FlushAsync(token);
            while (await subscription.Reader.WaitToReadAsync(token) && !subscription.IsEnded)
            {
                var heartbeat = false;
                long latest = -1;
                DateTimeOffset? committedAt = null;
                while (subscription.Reader.TryRead(out var item))
                {
                    if (item.IsHeartbeat)
                    {
                        heartbeat = true;
                    }
                    else if (item.Version > latest)
                    {
                        latest = item.Version;
                        committedAt = item.CommittedAt;
                    }
                }

                if (latest > sent)
                {
                    sent = latest;
                    writer.Write(await FrameAsync(latest, committedAt));
                    metrics.RefetchSent();
                }
                else if (heartbeat)
                {
                    writer.Write(DeliveryEvent.Heartbeat.Frame.Span);
                }

                var flushed = await writer.FlushAsync(token);
                if (flushed.IsCanceled || flushed.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
        }
        finally
        {
            feed.Unsubscribe(subscription);
            open.Dispose();
            limiter.Release(clientKey);
            metrics.StreamClosed();
            if (subscription.IsDropped)
            {
                httpContext.Abort();
            }
        }
    }

    /// <summary>
    /// <c>event: message</c> (always, per ADR 0008), <c>data: {"type":"refetchEvaluation","etag":"\"scope-version\"","lastModified":seconds}</c>,
    /// <c>id: version</c>.
    /// </summary>
    private async Task<byte[]> FrameAsync(long version, DateTimeOffset? committedAt)
    {
        using var data = new MemoryStream();
        using (var json = new Utf8JsonWriter(data))
        {
            json.WriteStartObject();
            json.WriteString("type", RefetchEvaluation);
            json.WriteString("etag", ConfigETag(scope, version));
            if (committedAt is { } at)
            {
                json.WriteNumber("lastModified", at.ToUnixTimeSeconds());
            }

            json.WriteEndObject();
        }

        using var frame = new MemoryStream();
        var item = new SseItem<byte[]>(data.ToArray(), "message") { EventId = version.ToString(CultureInfo.InvariantCulture) };
        await SseFormatter.WriteAsync(One(item), frame, static (i, w) => w.Write(i.Data), CancellationToken.None);
        return frame.ToArray();
    }

    /// <summary>The environment's configuration ETag at a version: <c>"scope-version"</c> (what <c>flagConfigEtag</c> sends back).</summary>
    public static string ConfigETag(string scope, long version) => string.Create(CultureInfo.InvariantCulture, $"\"{scope}-{version}\"");

    /// <summary>The version named by a <c>flagConfigEtag</c> (<c>"scope-version"</c>, quoted or not); null when it names none.</summary>
    public static long? VersionOf(string? flagConfigEtag)
    {
        var text = flagConfigEtag?.Trim('"');
        var dash = text?.LastIndexOf('-') ?? -1;
        return dash > 0 && long.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

#pragma warning disable CS1998 // an async iterator of one item
    private static async IAsyncEnumerable<SseItem<byte[]>> One(SseItem<byte[]> item)
    {
        yield return item;
    }
#pragma warning restore CS1998
}
