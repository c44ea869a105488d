using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Vexil.Sdk.Tests.RealServer;

/// <summary>
/// A reverse proxy on 127.0.0.1 in front of a real server that breaks Server-Sent Events the way some corporate
/// proxies do: a stream request gets an answer, but never an event. Everything else is forwarded.
/// </summary>
public sealed class SseStrippingProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream;

    private SseStrippingProxy(WebApplication app, HttpClient upstream, Uri address)
    {
        _app = app;
        _upstream = upstream;
        Address = address;
    }

    public Uri Address { get; }

    public int StreamRequests { get; private set; }

    public static async Task<SseStrippingProxy> StartAsync(Uri upstream)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var client = new HttpClient { BaseAddress = upstream };
        SseStrippingProxy? proxy = null;
        app.Run(async context =>
        {
            if (context.Request.Path.StartsWithSegments("/sdk/v1/stream"))
            {
                proxy!.StreamRequests++;
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html>blocked by policy</html>", context.RequestAborted);
                return;
            }

            using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString);
            foreach (var header in context.Request.Headers)
            {
                request.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
            }

            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var header in response.Headers.Concat(response.Content.Headers))
            {
                if (!string.Equals(header.Key, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                {
                    context.Response.Headers[header.Key] = header.Value.ToArray();
                }
            }

            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        });
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        proxy = new SseStrippingProxy(app, client, address);
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _upstream.Dispose();
    }
}
