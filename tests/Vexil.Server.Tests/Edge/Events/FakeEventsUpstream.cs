using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vexil.Server.Tests.Edge.Events;

/// <summary>
/// A scripted events upstream on loopback Kestrel: records every <c>POST /events/v1/bulk</c> (body and key) and
/// answers what <see cref="Answer"/> says, so an edge can be shown 400s and 503s the real control plane rarely sends.
/// </summary>
internal sealed class FakeEventsUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeEventsUpstream(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    /// <summary>Every request received: (batch id, body, Authorization header).</summary>
    public ConcurrentQueue<(string Id, byte[] Body, string? Authorization)> Received { get; } = new();

    /// <summary>The status to answer for a batch id and the number of times it was seen (1 on the first).</summary>
    public Func<string, int, int> Answer { get; set; } = (_, _) => StatusCodes.Status202Accepted;

    public static async Task<FakeEventsUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeEventsUpstream(app);
        app.MapPost("/events/v1/bulk", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            var body = buffer.ToArray();
            var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
            fake.Received.Enqueue((id, body, context.Request.Headers.Authorization.ToString()));
            var status = fake.Answer(id, fake.Received.Count(r => r.Id == id));
            if (status == StatusCodes.Status503ServiceUnavailable)
            {
                context.Response.Headers.RetryAfter = "0";
            }

            return Results.StatusCode(status);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        fake.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
