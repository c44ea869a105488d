using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Vexil.Sdk.Configuration;
using Vexil.Sdk.Snapshots;

namespace Vexil.Sdk.Delivery;

/// <summary>The client side of the delivery and events protocol (docs/protocol.md) over one <see cref="HttpClient"/>.</summary>
internal sealed class DeliveryHttp : IDisposable
{
    public const string ProtocolHeader = "Vexil-Protocol";
    public const string UserAgent = "vexil-dotnet/1.0.0";

    private readonly HttpClient _http;
    private readonly TimeSpan _requestTimeout;
    private readonly TimeProvider _time;

    public DeliveryHttp(VexilOptions options, TimeProvider time)
    {
        _time = time;
        _requestTimeout = options.RequestTimeout;
        _http = options.HttpMessageHandler is { } handler
            ? new HttpClient(handler, disposeHandler: false)
            : new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Brotli, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        _http.BaseAddress = options.BaseAddress;
        _http.Timeout = Timeout.InfiniteTimeSpan;
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.SdkKey);
        _http.DefaultRequestHeaders.Add(ProtocolHeader, "1");
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
    }

    public static bool IsRefusal(HttpStatusCode code) => code is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;

    /// <summary><c>GET /sdk/v1/ruleset</c>, conditional on the version held. Never throws but on cancellation of <paramref name="cancellationToken"/>.</summary>
    public async Task<FetchResult> FetchRulesetAsync(long knownVersion, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_requestTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "sdk/v1/ruleset");
            if (knownVersion > 0)
            {
                request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"" + knownVersion.ToString(CultureInfo.InvariantCulture) + "\""));
            }

            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                return new FetchResult(FetchOutcome.NotModified, StatusCode: code);
            }

            if (IsRefusal(response.StatusCode))
            {
                return new FetchResult(FetchOutcome.Refused, StatusCode: code, Error: $"HTTP {code}");
            }

            if (!response.IsSuccessStatusCode)
            {
                return new FetchResult(FetchOutcome.Failed, RetryAfter: RetryAfter.Read(response.Headers, _time.GetUtcNow()), Error: $"HTTP {code}", StatusCode: code);
            }

            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            var update = CompiledUpdate.FromJson(body);
            return update.IsValid
                ? new FetchResult(FetchOutcome.Updated, update, StatusCode: code)
                : new FetchResult(FetchOutcome.Failed, Error: "invalid ruleset: " + update.Error, StatusCode: code);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return new FetchResult(FetchOutcome.Failed, Error: e is OperationCanceledException ? "timed out" : e.Message);
        }
    }

    /// <summary><c>GET /sdk/v1/stream</c>, resuming after <paramref name="lastEventId"/> when positive; returns once the headers arrived.</summary>
    public async Task<HttpResponseMessage> OpenStreamAsync(long lastEventId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_requestTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, "sdk/v1/stream");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId > 0)
        {
            request.Headers.Add("Last-Event-ID", lastEventId.ToString(CultureInfo.InvariantCulture));
        }

        return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
    }

    /// <summary><c>POST /events/v1/bulk</c>.</summary>
    public async Task<HttpResponseMessage> PostEventsAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_requestTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, "events/v1/bulk");
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();
}
