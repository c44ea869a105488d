using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Vexil.Server.Tests.Auth;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Ofrep;

/// <summary>OFREP's change stream (ADR 0008) on the control plane: advertised in bulk answers, refetchEvaluation on change, auth, heartbeats.</summary>
public sealed class OfrepEventsTests
{
    private const string Body = """{"context":{"targetingKey":"u1"}}""";

    [Fact(Timeout = 60_000)]
    public async Task BulkAnswer_AdvertisesAStream_ThatSaysRefetchEvaluationOnChange_AndTheRefetchSeesIt()
    {
        await using var server = await StartAsync();
        using var admin = await server.AdminAsync();
        var setup = await DeliverySetup.CreateAsync(admin);
        var key = await OfrepCorsTests.ClientKeyAsync(admin, setup.Project, "production", "https://app.example.com");
        using var client = server.Client(key);
        using var first = await client.PostAsync("/ofrep/v1/evaluate/flags", Body);
        var bulkText = await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var stream = JsonDocument.Parse(bulkText).RootElement.GetProperty("eventStreams").EnumerateArray().Single();
        var requestUri = stream.GetProperty("endpoint").GetProperty("requestUri").GetString()!;

        Assert.Equal("sse", stream.GetProperty("type").GetString());
        Assert.Equal(120, stream.GetProperty("inactivityDelaySec").GetInt32());
        Assert.StartsWith("/ofrep/v1/events?token=", requestUri, StringComparison.Ordinal);
        Assert.DoesNotContain(key, bulkText, StringComparison.Ordinal);

        // As a browser's EventSource: no key header, the token in the URL, an Origin.
        await using var events = await RawStream.OpenAsync(server.Client(), requestUri, origin: "https://app.example.com");
        Assert.Equal(HttpStatusCode.OK, events.Status);
        Assert.Equal("https://app.example.com", events.Headers.GetValues("Access-Control-Allow-Origin").Single());
        await events.UntilAsync(t => t.Contains("retry: ", StringComparison.Ordinal));

        var version = await setup.ToggleAsync(admin, "f", true);
        var text = await events.UntilAsync(t => t.Contains("refetchEvaluation", StringComparison.Ordinal));
        var frame = text[text.IndexOf("event: message", StringComparison.Ordinal)..];
        var data = JsonDocument.Parse(frame.Split('\n').Single(l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..]).RootElement;
        Assert.Contains($"id: {version}\n", frame, StringComparison.Ordinal);
        Assert.Equal("refetchEvaluation", data.GetProperty("type").GetString());
        Assert.EndsWith($"-{version}\"", data.GetProperty("etag").GetString(), StringComparison.Ordinal);
        Assert.True(data.GetProperty("lastModified").GetInt64() > 1_700_000_000);

        using var refetch = await client.PostAsync($"/ofrep/v1/evaluate/flags?flagConfigEtag={Uri.EscapeDataString(data.GetProperty("etag").GetString()!)}", Body, first.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, refetch.StatusCode);
        Assert.Equal("true", refetch.Headers.GetValues("Vexil-Min-Version-Satisfied").Single());
        Assert.True((await refetch.JsonAsync()).GetProperty("flags").EnumerateArray().Single(f => f.GetProperty("key").GetString() == "f").GetProperty("value").GetBoolean());

        await events.UntilAsync(t => t.Contains(": heartbeat", StringComparison.Ordinal));
        var metrics = await Http.ScrapeAsync(server.Address);
        Assert.Contains("vexil_ofrep_streams 1", metrics, StringComparison.Ordinal);
        Assert.Contains("vexil_ofrep_refetches_sent_total 1", metrics, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Stream_RefusesMissingForgedAndRevokedCredentials_AndAdminTokens_AndTellsAReconnectingProviderWhatItMissed()
    {
        await using var server = await StartAsync();
        using var admin = await server.AdminAsync();
        var setup = await DeliverySetup.CreateAsync(admin);
        var keys = $"/api/v1/projects/{setup.Project}/environments/production/sdk-keys";
        using var created = await admin.SendAsync(HttpMethod.Post, keys, new { kind = "client" });
        var createdBody = await created.JsonAsync();
        var key = createdBody.GetProperty("key").GetString()!;
        var requestUri = await StreamUriAsync(server.Client(key));
        var forged = requestUri[..^4] + (requestUri[^4..] == "AAAA" ? "BBBB" : "AAAA");
        var adminToken = await AuthorizationMatrixTests.TokenAsync(admin, "administrator", null);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(server.Client(), "/ofrep/v1/events"));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(server.Client(), forged));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(server.Client(), "/ofrep/v1/events?token=not-a-token"));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(server.Client("vx_cli_not-a-key"), "/ofrep/v1/events"));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(server.Client(adminToken), "/ofrep/v1/events"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(server.Client(key), "/ofrep/v1/events"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(server.Client(setup.ServerKey), "/ofrep/v1/events"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(server.Client(), requestUri));

        var version = await setup.ToggleAsync(admin, "f", true);
        await using (var resumed = await RawStream.OpenAsync(server.Client(key), "/ofrep/v1/events", lastEventId: version - 1))
        {
            await resumed.UntilAsync(t => t.Contains($"id: {version}\n", StringComparison.Ordinal));
        }

        (await admin.SendAsync(HttpMethod.Post, $"{keys}/{createdBody.GetProperty("id").GetInt64()}/revoke")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(server.Client(), requestUri));
    }

    private static Task<VexilTestServer> StartAsync() =>
        VexilTestServer.StartAsync(configure: b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Vexil:Delivery:HeartbeatInterval"] = "00:00:00.200" }));

    internal static async Task<string> StreamUriAsync(HttpClient client)
    {
        using (client)
        {
            using var bulk = await client.PostAsync("/ofrep/v1/evaluate/flags", Body);
            return (await bulk.JsonAsync()).GetProperty("eventStreams")[0].GetProperty("endpoint").GetProperty("requestUri").GetString()!;
        }
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string path)
    {
        await using var stream = await RawStream.OpenAsync(client, path);
        return stream.Status;
    }

    /// <summary>A stream read as raw text (comments included), so heartbeats and the exact framing are visible.</summary>
    internal sealed class RawStream : IAsyncDisposable
    {
        private readonly HttpClient _client;
        private readonly HttpResponseMessage _response;
        private readonly Stream? _body;
        private readonly StringBuilder _text = new();

        private RawStream(HttpClient client, HttpResponseMessage response, Stream? body)
        {
            _client = client;
            _response = response;
            _body = body;
        }

        public HttpStatusCode Status => _response.StatusCode;

        public HttpResponseHeaders Headers => _response.Headers;

        public static async Task<RawStream> OpenAsync(HttpClient client, string path, string? origin = null, long? lastEventId = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            if (origin is not null)
            {
                request.Headers.TryAddWithoutValidation("Origin", origin);
            }

            if (lastEventId is { } id)
            {
                request.Headers.TryAddWithoutValidation("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
            var body = response.IsSuccessStatusCode ? await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken) : null;
            return new RawStream(client, response, body);
        }

        /// <summary>Reads until the text received so far matches; returns it.</summary>
        public async Task<string> UntilAsync(Func<string, bool> done, TimeSpan? timeout = null)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(15));
            var buffer = new byte[4096];
            while (!done(_text.ToString()))
            {
                var read = await _body!.ReadAsync(buffer, cts.Token);
                Assert.True(read > 0, $"the stream ended; received: {_text}");
                _text.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }

            return _text.ToString();
        }

        /// <summary>Reads until the server ends the stream (closes or resets it); returns what arrived, or fails after <paramref name="timeout"/>.</summary>
        public async Task<string> EndAsync(TimeSpan timeout)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            cts.CancelAfter(timeout);
            var buffer = new byte[4096];
            try
            {
                while (true)
                {
                    var read = await _body!.ReadAsync(buffer, cts.Token);
                    if (read == 0)
                    {
                        return _text.ToString();
                    }

                    _text.Append(Encoding.UTF8.GetString(buffer, 0, read));
                }
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"the server did not end the stream within {timeout.TotalSeconds:F1} s; received: {_text}");
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                return _text.ToString(); // reset: ended too
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_body is not null)
            {
                await _body.DisposeAsync();
            }

            _response.Dispose();
            _client.Dispose();
        }
    }
}
