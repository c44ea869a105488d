using System.Net;
using Microsoft.Extensions.Configuration;
using Vexil.Server.Tests.Auth;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Ofrep;

/// <summary>
/// OFREP change streams opened with client keys (public: anyone can open them) have a budget of their own within the
/// process's MaxStreams and a cap per key, so browsers can never lock SDKs and edges out (issue #18, item 2).
/// </summary>
public sealed class ClientKeyStreamLimitTests
{
    [Fact(Timeout = 60_000)]
    public async Task ClientKeys_CannotTakeTheSlotsOfServerKeys_NorOneClientKeyAllOfTheirBudget()
    {
        await using var server = await VexilTestServer.StartAsync(configure: b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Vexil:Delivery:MaxStreams"] = "5",
            ["Vexil:Delivery:MaxClientKeyStreams"] = "3",
            ["Vexil:Delivery:MaxStreamsPerClientKey"] = "2",
            ["Vexil:Delivery:RetryAfterSeconds"] = "9",
        }));
        using var admin = await server.AdminAsync();
        var setup = await DeliverySetup.CreateAsync(admin);
        var a = await AuthorizationMatrixTests.SdkKeyAsync(admin, setup.Project, "production", "client");
        var b = await AuthorizationMatrixTests.SdkKeyAsync(admin, setup.Project, "staging", "client");
        var c = await AuthorizationMatrixTests.SdkKeyAsync(admin, setup.Project, "development", "client");
        var open = new List<IAsyncDisposable>();
        try
        {
            // One client key: at most 2 streams.
            open.Add(await OpenAsync(server, a, HttpStatusCode.OK));
            open.Add(await OpenAsync(server, a, HttpStatusCode.OK));
            await using (var third = await OfrepEventsTests.RawStream.OpenAsync(server.Client(a), "/ofrep/v1/events"))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, third.Status);
                Assert.Equal(TimeSpan.FromSeconds(9), third.Headers.RetryAfter!.Delta);
            }

            // All client keys: at most 3.
            open.Add(await OpenAsync(server, b, HttpStatusCode.OK));
            open.Add(await OpenAsync(server, c, HttpStatusCode.ServiceUnavailable));

            // Server keys still get the rest of MaxStreams, by SDK stream or OFREP stream...
            open.Add(await SseTestClient.ConnectAsync(server.Address, setup.ServerKey));
            open.Add(await OpenAsync(server, setup.ServerKey, HttpStatusCode.OK));

            // ...and then the process is full for everyone.
            var full = await Assert.ThrowsAsync<HttpRequestException>(() => SseTestClient.ConnectAsync(server.Address, setup.ServerKey));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, full.StatusCode);

            using var problem = await server.Client(c).GetAsync("/ofrep/v1/events", HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
            Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);

            var metrics = await Http.ScrapeAsync(server.Address);
            Assert.Contains("vexil_delivery_streams_refused_total{vexil_stream_limit=\"client_key\"} 1", metrics, StringComparison.Ordinal);
            Assert.Matches("vexil_delivery_streams_refused_total\\{vexil_stream_limit=\"client_keys\"\\} [12]\\b", metrics);
            Assert.Contains("vexil_delivery_streams_refused_total{vexil_stream_limit=\"process\"} 1", metrics, StringComparison.Ordinal);
            Assert.Contains("vexil_delivery_client_key_streams 3", metrics, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var stream in open)
            {
                await stream.DisposeAsync();
            }
        }

        // Closing a client key's streams gives its slots back.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            await using var again = await OfrepEventsTests.RawStream.OpenAsync(server.Client(a), "/ofrep/v1/events");
            if (again.Status == HttpStatusCode.OK)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "the client key's slots were never given back");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<IAsyncDisposable> OpenAsync(VexilTestServer server, string key, HttpStatusCode expected)
    {
        var stream = await OfrepEventsTests.RawStream.OpenAsync(server.Client(key), "/ofrep/v1/events");
        Assert.Equal(expected, stream.Status);
        if (expected == HttpStatusCode.OK)
        {
            await stream.UntilAsync(t => t.Contains("retry: ", StringComparison.Ordinal));
        }

        return stream;
    }
}
