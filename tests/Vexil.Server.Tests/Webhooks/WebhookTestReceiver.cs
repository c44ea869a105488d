using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Webhooks;

/// <summary>
/// A real receiver on 127.0.0.1 (Kestrel). <c>POST /hook</c> records every request, then answers <see cref="Status"/>
/// (500 to play a broken receiver); <c>POST /hang</c> records and never answers. Until <see cref="StartAsync"/> the
/// port refuses connections.
/// </summary>
internal sealed class WebhookTestReceiver : IAsyncDisposable
{
    private WebApplication? _app;

    public int Port { get; } = VexilProcess.FreePort();

    /// <summary>What <c>/hook</c> answers.</summary>
    public int Status { get; set; } = StatusCodes.Status200OK;

    public string Url(string path) => $"http://127.0.0.1:{Port}/{path}";

    /// <summary>Every request, answered or not, in arrival order.</summary>
    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>The requests answered 2xx.</summary>
    public IEnumerable<Received> Accepted => Requests.Where(r => r.Status is >= 200 and < 300);

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/hook", async (HttpContext context) =>
        {
            var status = Status;
            Requests.Enqueue(await ReadAsync(context, status));
            return Results.StatusCode(status);
        });
        _app.MapPost("/hang", async (HttpContext context) =>
        {
            Requests.Enqueue(await ReadAsync(context, 0));
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
            return Results.Ok();
        });
        await _app.StartAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<Received> ReadAsync(HttpContext context, int status)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        return new Received(
            context.Request.Headers["Vexil-Delivery"].ToString(),
            context.Request.Headers["Vexil-Event"].ToString(),
            context.Request.Headers["Vexil-Signature"].ToString(),
            body.ToArray(),
            status,
            context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal));
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

    /// <summary>One request; <paramref name="Headers"/> by lower-case name.</summary>
    internal sealed record Received(string DeliveryId, string Type, string Signature, byte[] Body, int Status, IReadOnlyDictionary<string, string> Headers);
}
