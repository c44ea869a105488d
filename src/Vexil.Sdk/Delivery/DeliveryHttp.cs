using System.Net;
using System.Net.Http.Headers;
using Vexil.Sdk.Configuration;
using Vexil.Sdk.Diagnostics;

namespace Vexil.Sdk.Delivery;

/// <summary>The SDK's one <see cref="HttpClient"/> to the server: rules follow it (Vexil.Delivery), summaries are posted on it.</summary>
internal sealed class DeliveryHttp : IDisposable
{
    public const string ProtocolHeader = "Vexil-Protocol";
    /// <summary><c>vexil-dotnet/</c> and the SDK's version (<see cref="SdkVersion"/>): the user agent, and the <c>sdk</c> of every event batch.</summary>
    public static readonly string UserAgent = "vexil-dotnet/" + SdkVersion.Value;

    private readonly HttpClient _http;
    private readonly TimeSpan _requestTimeout;

    public DeliveryHttp(VexilOptions options)
    {
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

    /// <summary>The client the follower of the rules and the events pipeline share (base address, key, protocol version, user agent).</summary>
    public HttpClient Client => _http;

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
