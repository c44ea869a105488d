using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vexil.Cluster.Tests.Tracing;

/// <summary>
/// A real OTLP/HTTP trace receiver on loopback: Kestrel on 127.0.0.1 accepting <c>POST /v1/traces</c> with
/// <c>application/x-protobuf</c> (an <c>ExportTraceServiceRequest</c>, decoded by <see cref="OtlpTraceDecoder"/>),
/// answering an empty <c>ExportTraceServiceResponse</c>; any other content type is 415, a body that does not decode 400.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<ReceivedSpan> _spans = [];
    private readonly List<string> _problems = [];

    private OtlpReceiver(WebApplication app) => _app = app;

    /// <summary>The base address (<c>http://127.0.0.1:port</c>) to give exporters as their OTLP endpoint.</summary>
    public Uri Address { get; private set; } = null!;

    public IReadOnlyList<ReceivedSpan> Spans
    {
        get
        {
            lock (_spans)
            {
                return [.. _spans];
            }
        }
    }

    /// <summary>Requests refused (wrong content type, undecodable body): a test expects none.</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_spans)
            {
                return [.. _problems];
            }
        }
    }

    public static async Task<OtlpReceiver> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/traces", receiver.ReceiveAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Address = new Uri(address);
        return receiver;
    }

    /// <summary>Waits until <paramref name="found"/> holds for the spans received; the spans then, or a timeout naming what came.</summary>
    public async Task<IReadOnlyList<ReceivedSpan>> WaitForAsync(Func<IReadOnlyList<ReceivedSpan>, bool> found, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var spans = Spans;
            if (found(spans))
            {
                return spans;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"The spans awaited did not arrive within {timeout}. Received:\n{string.Join("\n", Spans)}\nProblems: {string.Join("; ", Problems)}");
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!string.Equals(request.ContentType, "application/x-protobuf", StringComparison.OrdinalIgnoreCase))
        {
            Problem($"content type {request.ContentType}");
            return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        }

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        List<ReceivedSpan> spans;
        try
        {
            spans = OtlpTraceDecoder.Decode(body.GetBuffer().AsSpan(0, (int)body.Length));
        }
        catch (InvalidDataException e)
        {
            Problem(e.Message);
            return Results.BadRequest();
        }

        lock (_spans)
        {
            _spans.AddRange(spans);
        }

        return Results.Bytes([], "application/x-protobuf");
    }

    private void Problem(string problem)
    {
        lock (_spans)
        {
            _problems.Add(problem);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
