using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vexil.Server.Tests.Edge;

/// <summary>
/// A scripted upstream on loopback Kestrel: the test pushes raw SSE frames into the one open stream and chooses what
/// <c>/sdk/v1/ruleset</c> answers, so an edge can be shown gaps and invalid rulesets the real control plane never sends.
/// </summary>
public sealed class FakeUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<string> _frames = Channel.CreateUnbounded<string>();
    private CancellationTokenSource _connection = new();

    private FakeUpstream(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    /// <summary>What <c>/sdk/v1/ruleset</c> answers.</summary>
    public string Ruleset { get; set; } = Document(0);

    public int RulesetRequests;

    /// <summary>Requests for <c>/sdk/v1/client-keys</c> (answered with no keys).</summary>
    public int ClientKeyRequests;

    /// <summary>When set, every request is answered 401, as an upstream does for a revoked or expired key.</summary>
    public bool Refusing { get; set; }

    /// <summary>Requests answered 401 while <see cref="Refusing"/>.</summary>
    public int Refused;

    public static async Task<FakeUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeUpstream(app);
        app.Use(async (context, next) =>
        {
            if (fake.Refusing)
            {
                Interlocked.Increment(ref fake.Refused);
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            await next(context);
        });
        app.MapGet("/sdk/v1/ruleset", () =>
        {
            Interlocked.Increment(ref fake.RulesetRequests);
            return Results.Text(fake.Ruleset, "application/json");
        });
        app.MapGet("/sdk/v1/client-keys", () =>
        {
            Interlocked.Increment(ref fake.ClientKeyRequests);
            return Results.Text("{\"keys\":[]}", "application/json");
        });
        app.MapGet("/sdk/v1/stream", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/event-stream";
            using var connection = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, Volatile.Read(ref fake._connection).Token);
            try
            {
                await context.Response.Body.FlushAsync(connection.Token);
                await foreach (var frame in fake._frames.Reader.ReadAllAsync(connection.Token))
                {
                    await context.Response.WriteAsync(frame, connection.Token);
                    await context.Response.Body.FlushAsync(connection.Token);
                }
            }
            catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
            {
                // DisconnectAsync: the stream ends, the edge reconnects.
            }
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        fake.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return fake;
    }

    /// <summary>Ends the open stream (the edge reconnects).</summary>
    public async Task DisconnectAsync() => await Interlocked.Exchange(ref _connection, new CancellationTokenSource()).CancelAsync();

    public void Send(string type, long id, string data) =>
        _frames.Writer.TryWrite(string.Create(CultureInfo.InvariantCulture, $"event: {type}\nid: {id}\ndata: {data}\n\n"));

    /// <summary>A valid ruleset document at <paramref name="version"/> with the given boolean flags (key, enabled).</summary>
    public static string Document(long version, params (string Key, bool Enabled)[] flags)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $$"""{"formatVersion":1,"environment":"production","version":{{version}},"flags":[""");
        text.AppendJoin(',', flags.Select(f => Flag(f.Key, f.Enabled)));
        text.Append("],\"segments\":[]}");
        return text.ToString();
    }

    public static string Flag(string key, bool enabled) =>
        $$$"""{"key":"{{{key}}}","type":"boolean","variations":[{"key":"on","value":true},{"key":"off","value":false}],"enabled":{{{(enabled ? "true" : "false")}}},"offVariation":"off","fallthrough":{"variation":"on"}}""";

    public async ValueTask DisposeAsync()
    {
        _frames.Writer.TryComplete();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}

internal static class HttpRequestMessageExtensions
{
    public static HttpRequestMessage Clone(this HttpRequestMessage request)
    {
        var clone = new HttpRequestMessage(request.Method, request.RequestUri);
        foreach (var header in request.Headers)
        {
            clone.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return clone;
    }
}
