using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Threading.Channels;

namespace Vexil.Server.Tests.Infrastructure;

/// <summary>A streaming subscriber of <c>/sdk/v1/stream</c>, reading with <see cref="SseParser"/> into a queue the test awaits.</summary>
public sealed class SseTestClient : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<SseEvent> _events = Channel.CreateUnbounded<SseEvent>();
    private readonly Task _reader;
    private int _disposed;

    private SseTestClient(HttpClient http, HttpResponseMessage response)
    {
        _http = http;
        _response = response;
        _reader = Task.Run(ReadAsync);
    }

    public HttpResponseHeaders Headers => _response.Headers;

    /// <summary>Opens a stream; throws unless the answer is 200.</summary>
    public static async Task<SseTestClient> ConnectAsync(Uri server, string key, long? lastEventId = null, long? minVersion = null)
    {
        var http = new HttpClient { BaseAddress = server, Timeout = Timeout.InfiniteTimeSpan };
        using var request = Request(key, lastEventId, minVersion);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            response.Dispose();
            http.Dispose();
            throw new HttpRequestException($"stream answered {(int)response.StatusCode}: {body}", null, response.StatusCode);
        }

        return new SseTestClient(http, response);
    }

    public static HttpRequestMessage Request(string key, long? lastEventId = null, long? minVersion = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/sdk/v1/stream");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (lastEventId is { } id)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", id.ToString(CultureInfo.InvariantCulture));
        }

        if (minVersion is { } min)
        {
            request.Headers.TryAddWithoutValidation("Vexil-Min-Version", min.ToString(CultureInfo.InvariantCulture));
        }

        return request;
    }

    /// <summary>The next event, or a TimeoutException.</summary>
    public async Task<SseEvent> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(10));
        try
        {
            return await _events.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException("no event arrived in time");
        }
        catch (ChannelClosedException e)
        {
            throw new IOException("the stream ended", e);
        }
    }

    /// <summary>Reads events until one brings the client to <paramref name="version"/>; returns all read.</summary>
    public async Task<List<SseEvent>> UntilVersionAsync(long version, TimeSpan? timeout = null)
    {
        var read = new List<SseEvent>();
        while (read.Count == 0 || read[^1].Version < version)
        {
            read.Add(await NextAsync(timeout));
        }

        return read;
    }

    /// <summary>True when the stream ended (the server closed it).</summary>
    public bool Ended => _reader.IsCompleted;

    /// <summary>Reads (and returns) whatever still arrives until the server ends the stream; a TimeoutException when it does not within <paramref name="timeout"/>.</summary>
    public async Task<List<SseEvent>> EndAsync(TimeSpan timeout)
    {
        var read = new List<SseEvent>();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await foreach (var item in _events.Reader.ReadAllAsync(cts.Token))
            {
                read.Add(item);
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the server did not end the stream within {timeout.TotalSeconds:F1} s");
        }

        return read;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        _response.Dispose();
        _http.Dispose();
        try
        {
            await _reader;
        }
        catch (Exception)
        {
        }

        _stop.Dispose();
    }

    private async Task ReadAsync()
    {
        try
        {
            await using var body = await _response.Content.ReadAsStreamAsync(_stop.Token);
            var parser = SseParser.Create(body, static (type, data) => System.Text.Encoding.UTF8.GetString(data));
            await foreach (var item in parser.EnumerateAsync(_stop.Token))
            {
                await _events.Writer.WriteAsync(new SseEvent(item.EventType, item.EventId, item.Data), _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }
}

/// <summary>One event as a subscriber sees it.</summary>
public sealed record SseEvent(string Type, string? Id, string Data)
{
    public long Version => long.Parse(Id ?? "-1", CultureInfo.InvariantCulture);

    public JsonElement Json => JsonDocument.Parse(Data).RootElement;
}
