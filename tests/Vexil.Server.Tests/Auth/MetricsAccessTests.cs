using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using Vexil.Server.Tests.Edge;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Auth;

/// <summary>
/// /metrics is not anonymous on the API's listener (issue #18, item 9): it needs the scrape token, or is served only on
/// a listener of its own (<c>Vexil:Metrics:Listen</c>) that serves nothing else; and no metric names an API token.
/// Part of the authorization matrix: every kind of caller against /metrics on each listener.
/// </summary>
public sealed class MetricsAccessTests
{
    private const string ScrapeToken = "scrape-token-for-tests-0123456789";

    [Fact(Timeout = 60_000)]
    public async Task ApiListener_WithAScrapeToken_ServesMetricsToThatTokenOnly()
    {
        await using var server = await VexilTestServer.StartAsync(configure: b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Vexil:Metrics:Token"] = ScrapeToken }));
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        (await admin.SendAsync(HttpMethod.Post, "/api/v1/tokens", new { name = "ci-secret-name", role = "editor", expiresInDays = 3 })).EnsureSuccessStatusCode();
        var cases = new (string? Credential, HttpStatusCode Expected, string Who)[]
        {
            (null, HttpStatusCode.Unauthorized, "no credential"),
            ("not-the-scrape-token-0123456789", HttpStatusCode.Unauthorized, "a wrong token"),
            (await VexilTestServer.LoginAsync(server.Address, "admin", VexilTestServer.AdminPassword), HttpStatusCode.Unauthorized, "an administrator's session"),
            (await AuthorizationMatrixTests.TokenAsync(admin, "administrator", null), HttpStatusCode.Unauthorized, "an administrator token"),
            (await AuthorizationMatrixTests.SdkKeyAsync(admin, project, "production", "server"), HttpStatusCode.Unauthorized, "a server key"),
            (await AuthorizationMatrixTests.SdkKeyAsync(admin, project, "production", "client"), HttpStatusCode.Unauthorized, "a client key"),
            (ScrapeToken, HttpStatusCode.OK, "the scrape token"),
        };

        foreach (var (credential, expected, who) in cases)
        {
            using var response = await GetAsync(server.Address, "/metrics", credential);
            Assert.True(expected == response.StatusCode, $"{who}: expected {(int)expected}, got {(int)response.StatusCode}");
            if (expected == HttpStatusCode.Unauthorized)
            {
                Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }

        // The token expiry gauge names tokens by id only: token names are chosen by people and may say too much.
        var text = await (await GetAsync(server.Address, "/metrics", ScrapeToken)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("ci-secret-name", text, StringComparison.Ordinal);
        Assert.DoesNotContain("vexil_token_name", text, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task ApiListener_WithNeitherTokenNorListener_DoesNotServeMetrics()
    {
        await using var server = await VexilTestServer.StartAsync(configure: b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Vexil:Metrics:Token"] = null }));
        using var admin = await server.AdminAsync();

        using var anonymous = await GetAsync(server.Address, "/metrics", null);
        using var administrator = await GetAsync(server.Address, "/metrics", await AuthorizationMatrixTests.TokenAsync(admin, "administrator", null));

        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
        Assert.Contains("Vexil:Metrics:Listen", await anonymous.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, administrator.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task MetricsListener_ServesMetricsAndHealthOnly_AndTheApiListenerNoMetrics()
    {
        var port = VexilProcess.FreePort();
        await using var server = await VexilTestServer.StartAsync(configure: b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Vexil:Metrics:Token"] = null,
            ["Vexil:Metrics:Listen"] = $"http://127.0.0.1:{port}",
        }));
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        var key = await AuthorizationMatrixTests.SdkKeyAsync(admin, project, "production", "server");
        var metricsListener = new Uri($"http://127.0.0.1:{port}");
        var adminToken = await AuthorizationMatrixTests.TokenAsync(admin, "administrator", null);

        using (var metrics = await GetAsync(metricsListener, "/metrics", null))
        {
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
            Assert.Contains("# TYPE vexil_delivery_streams gauge", await metrics.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(metricsListener, "/health/live", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(metricsListener, "/health/ready", null)).StatusCode);
        foreach (var (path, credential) in new[] { ("/api/v1/projects", adminToken), ("/sdk/v1/ruleset", key), ("/api/openapi/v1.json", null), ("/", null), ("/healthz", null) })
        {
            using var refused = await GetAsync(metricsListener, path, credential);
            Assert.True(refused.StatusCode == HttpStatusCode.NotFound, $"{path} on the metrics listener: {(int)refused.StatusCode}");
        }

        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(server.Address, "/metrics", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(server.Address, "/api/v1/projects", adminToken)).StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task Edge_ServesMetricsToTheScrapeTokenOnly()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var edge = await EdgeHost.StartAsync(upstream.Address, "vx_srv_metrics-test-key", UpstreamFollowerTests.TempDirectory(), new Dictionary<string, string?> { ["Vexil:Metrics:Token"] = ScrapeToken });

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(edge.Address, "/metrics", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(edge.Address, "/metrics", "vx_srv_metrics-test-key")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(edge.Address, "/metrics", ScrapeToken)).StatusCode);
    }

    private static async Task<HttpResponseMessage> GetAsync(Uri address, string path, string? bearer)
    {
        using var http = new HttpClient { BaseAddress = address };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        await response.Content.LoadIntoBufferAsync(TestContext.Current.CancellationToken);
        return response;
    }
}
