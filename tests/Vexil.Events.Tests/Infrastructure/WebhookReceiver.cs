using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Vexil.Events.Tests.Infrastructure;

/// <summary>A real Kestrel receiver on 127.0.0.1: <c>/hook</c> records and answers 200, <c>/slow</c> never answers.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private WebApplication? _app;

    public WebhookReceiver(int port) => Port = port;

    public int Port { get; }

    public Uri Url(string path) => new($"http://127.0.0.1:{Port}/{path}");

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/hook", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            Received.Enqueue(new ReceivedWebhook(
                context.Request.Headers["Vexil-Delivery"].ToString(),
                context.Request.Headers["Vexil-Signature"].ToString(),
                context.Request.Headers["Vexil-Event"].ToString(),
                body.ToArray(),
                DateTimeOffset.UtcNow));
            return Results.Ok();
        });
        _app.MapPost("/slow", async (HttpContext context) =>
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
            return Results.Ok();
        });
        await _app.StartAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _app.StopAsync(stop.Token);
            await _app.DisposeAsync();
        }
    }
}

public sealed record ReceivedWebhook(string DeliveryId, string Signature, string Type, byte[] Body, DateTimeOffset At);
