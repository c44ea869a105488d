using System.Buffers;
using Microsoft.AspNetCore.Http.Features;

namespace Vexil.Hosting.Delivery;

/// <summary>
/// One stream's writer loop: drains the subscription's queue into the response, framing nothing itself (every
/// event is framed once for all subscribers), flushing once per batch. Ends when the client leaves, is dropped, or its
/// key is no longer accepted (the <paramref name="open"/> stream is ended: nothing more is written and the response ends).
/// </summary>
/// <remarks>
/// Per event it only copies the shared frame into the response and flushes; leaving, dropping and ending are each
/// hooked up once per stream (the client leaving closes the queue; a drop aborts the connection, which ends a stalled
/// flush; an end cancels a pending flush and the loop stops before its next batch), not as a registration per wait.
/// </remarks>
internal sealed class DeliveryStreamResult(
    DeliveryFeed feed,
    DeliverySubscription subscription,
    OpenStream open,
    long? resumedFrom,
    StreamLimiter limiter,
    DeliveryMetrics metrics,
    DeliveryOptions options) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        metrics.StreamOpened();
        var writer = response.BodyWriter;
        using var left = httpContext.RequestAborted.UnsafeRegister(static s => ((DeliverySubscription)s!).Close(), subscription);
        using var stopped = subscription.Stopped.UnsafeRegister(static s => ((StreamStop)s!).Stop(), new StreamStop(subscription, httpContext, writer));
        var sent = resumedFrom ?? -1;
        var gap = false;
        try
        {
            writer.Write(DeliveryEvent.RetryFrame(options.ClientRetry));
            await writer.FlushAsync();
            while (!gap && await subscription.Reader.WaitToReadAsync() && !subscription.IsEnded)
            {
                var changes = 0;
                var rulesets = 0;
                while (subscription.Reader.TryRead(out var item))
                {
                    if (!item.IsHeartbeat)
                    {
                        if (item.Version <= sent)
                        {
                            continue;
                        }

                        if (!item.IsRuleset && sent >= 0 && item.Version != sent + 1)
                        {
                            gap = true; // cannot happen by construction; the client resumes by version
                            break;
                        }

                        sent = item.Version;
                        if (item.IsRuleset)
                        {
                            rulesets++;
                        }
                        else
                        {
                            changes++;
                        }
                    }

                    writer.Write(item.Frame.Span);
                }

                var flushed = await writer.FlushAsync();
                metrics.EventsSent(changes, rulesets);
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
            limiter.Release();
            metrics.StreamClosed();
            if (subscription.IsDropped || gap)
            {
                httpContext.Abort();
            }
        }
    }

    /// <summary>What stopping a stream does: a dropped subscriber's connection is aborted; an ended one's pending flush is cancelled.</summary>
    private sealed class StreamStop(DeliverySubscription subscription, HttpContext context, System.IO.Pipelines.PipeWriter writer)
    {
        public void Stop()
        {
            if (subscription.IsDropped)
            {
                context.Abort();
            }
            else
            {
                writer.CancelPendingFlush();
            }
        }
    }
}
