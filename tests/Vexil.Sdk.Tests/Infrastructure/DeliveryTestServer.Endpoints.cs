using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace Vexil.Sdk.Tests.Infrastructure;

/// <summary>The endpoints of the test server, as docs/protocol.md describes them.</summary>
public sealed partial class DeliveryTestServer
{
    private static int? Refusal(HttpContext context)
    {
        var auth = context.Request.Headers.Authorization.ToString();
        return auth == "Bearer " + Key ? null : auth == "Bearer " + ForbiddenKey ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
    }

    private IResult Ruleset(HttpContext context)
    {
        Interlocked.Increment(ref _rulesetRequests);
        context.Response.Headers["Vexil-Protocol"] = "1";
        if (Refusal(context) is { } code)
        {
            return Results.StatusCode(code);
        }

        string body;
        long version;
        lock (_gate)
        {
            version = _version;
            body = Document();
        }

        var etag = "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";
        context.Response.Headers.ETag = etag;
        if (context.Request.Headers.IfNoneMatch.ToString() == etag)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Text(body, "application/json", Encoding.UTF8);
    }

    private async Task Stream(HttpContext context)
    {
        Interlocked.Increment(ref _streamConnections);
        context.Response.Headers["Vexil-Protocol"] = "1";
        if (Refusal(context) is { } code)
        {
            context.Response.StatusCode = code;
            return;
        }

        lock (_gate)
        {
            _streamTimes.Add(Environment.TickCount64);
        }

        if (BusyStreams > 0)
        {
            BusyStreams--;
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "1";
            return;
        }

        if (BreakSse)
        {
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html><body>Blocked by proxy</body></html>", context.RequestAborted);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var channel = Channel.CreateUnbounded<string>();
        lock (_gate)
        {
            var lastEventId = long.TryParse(context.Request.Headers["Last-Event-ID"].ToString(), out var last) ? last : -1;
            var firstLogged = _changes.Count > 0 ? _changes[0].Version - 1 : _version;
            if (lastEventId >= firstLogged && lastEventId <= _version)
            {
                foreach (var (version, json) in _changes)
                {
                    if (version > lastEventId)
                    {
                        channel.Writer.TryWrite(Frame("change", version, json));
                    }
                }
            }
            else
            {
                channel.Writer.TryWrite(Frame("ruleset", _version, Document()));
            }

            _streams.Add(channel);
        }

        try
        {
            await context.Response.WriteAsync("retry: 1000\n\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            while (!context.RequestAborted.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
                wait.CancelAfter(HeartbeatInterval);
                string? frame = null;
                try
                {
                    if (!await channel.Reader.WaitToReadAsync(wait.Token))
                    {
                        return; // Killed.
                    }

                    channel.Reader.TryRead(out frame);
                }
                catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
                {
                    frame = Silent ? null : ": heartbeat\n\n";
                }

                if (frame is not null)
                {
                    await context.Response.WriteAsync(frame, context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away.
        }
        finally
        {
            lock (_gate)
            {
                _streams.Remove(channel);
            }
        }
    }

    private async Task<IResult> Events(HttpContext context)
    {
        Interlocked.Increment(ref _eventRequests);
        if (Refusal(context) is { } code)
        {
            return Results.StatusCode(code);
        }

        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        lock (_gate)
        {
            _eventAttempts.Add(body);
        }

        if (EventsStatus != StatusCodes.Status202Accepted)
        {
            return Results.StatusCode(EventsStatus);
        }

        lock (_gate)
        {
            _eventBodies.Add(body);
        }

        return Results.StatusCode(StatusCodes.Status202Accepted);
    }
}
