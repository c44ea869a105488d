using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Edge;

/// <summary>OFREP on an edge: real processes on loopback (a control plane and an edge following it), plus an edge with no ruleset.</summary>
public sealed class EdgeOfrepTests
{
    private const string Body = """{"context":{"targetingKey":"u1"}}""";

    [Fact(Timeout = 120_000)]
    public async Task WriteThroughTheControlPlane_IsEvaluatedThroughTheEdgesOfrep_WithETagsAndKeys()
    {
        var root = Path.Combine(Path.GetTempPath(), "vexil-edge-ofrep-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await using var controlPlane = await VexilProcess.StartAsync(Path.Combine(root, "cp"));
            using var admin = await AdminAsync(controlPlane.Address);
            var setup = await DeliverySetup.CreateAsync(admin);
            await using var edge = await VexilProcess.StartEdgeAsync(controlPlane.Address, [setup.ServerKey], Path.Combine(root, "edge"));
            using var client = Client(edge.Address, setup.ServerKey);

            await setup.ToggleAsync(admin, "f", true);
            var evaluated = await UntilAsync(client, "f", e => e.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.True);
            Assert.Equal("f", evaluated.GetProperty("key").GetString());

            using var first = await PostAsync(client, "/ofrep/v1/evaluate/flags");
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            var etag = first.Headers.ETag!.Tag;
            Assert.True((await first.JsonAsync()).GetProperty("flags").EnumerateArray().Single(f => f.GetProperty("key").GetString() == "f").GetProperty("value").GetBoolean());
            using var same = await PostAsync(client, "/ofrep/v1/evaluate/flags", ifNoneMatch: etag);
            Assert.Equal(HttpStatusCode.NotModified, same.StatusCode);

            await setup.ToggleAsync(admin, "f", false);
            await UntilAsync(client, "f", e => e.GetProperty("reason").GetString() == "DISABLED");
            using var changed = await PostAsync(client, "/ofrep/v1/evaluate/flags", ifNoneMatch: etag);
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
            Assert.NotEqual(etag, changed.Headers.ETag!.Tag);

            using var missing = await PostAsync(client, "/ofrep/v1/evaluate/flags/nope");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal("FLAG_NOT_FOUND", (await missing.JsonAsync()).GetProperty("errorCode").GetString());

            using var wrong = Client(edge.Address, "vx_srv_not-a-key-this-edge-serves");
            using var refusedSingle = await PostAsync(wrong, "/ofrep/v1/evaluate/flags/f");
            using var refusedBulk = await PostAsync(wrong, "/ofrep/v1/evaluate/flags");
            using var anonymous = new HttpClient { BaseAddress = edge.Address };
            using var refusedAnonymous = await PostAsync(anonymous, "/ofrep/v1/evaluate/flags/f");
            Assert.Equal(HttpStatusCode.Unauthorized, refusedSingle.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, refusedBulk.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, refusedAnonymous.StatusCode);
        }
        finally
        {
            TryDelete(root);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task EdgeStartedWhileItsUpstreamIsDown_ServesOfrepFromItsLastKnownGoodFile()
    {
        var root = Path.Combine(Path.GetTempPath(), "vexil-edge-ofrep-" + Guid.NewGuid().ToString("N")[..8]);
        var data = Path.Combine(root, "edge");
        try
        {
            await using var controlPlane = await VexilProcess.StartAsync(Path.Combine(root, "cp"));
            using var admin = await AdminAsync(controlPlane.Address);
            var setup = await DeliverySetup.CreateAsync(admin);
            var version = await setup.ToggleAsync(admin, "f", true);
            await using (var edge = await VexilProcess.StartEdgeAsync(controlPlane.Address, [setup.ServerKey], data))
            {
                await SavedVersionAsync(data, version);
                await edge.KillAsync();
            }

            await controlPlane.KillAsync();
            await using var restarted = await VexilProcess.StartEdgeAsync(controlPlane.Address, [setup.ServerKey], data);
            using var client = Client(restarted.Address, setup.ServerKey);
            using var single = await PostAsync(client, "/ofrep/v1/evaluate/flags/f");
            using var bulk = await PostAsync(client, "/ofrep/v1/evaluate/flags");

            Assert.Equal(HttpStatusCode.OK, single.StatusCode);
            Assert.True((await single.JsonAsync()).GetProperty("value").GetBoolean());
            Assert.Equal(HttpStatusCode.OK, bulk.StatusCode);
            Assert.Contains($"-{version}-", bulk.Headers.ETag!.Tag, StringComparison.Ordinal);
        }
        finally
        {
            TryDelete(root);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task EdgeHoldingNoRulesetYet_Answers503WithRetryAfter()
    {
        const string key = "vx_srv_edge-ofrep-no-ruleset-yet";
        var upstream = new Uri($"http://127.0.0.1:{VexilProcess.FreePort()}");
        await using var edge = await EdgeHost.StartAsync(upstream, key, Path.Combine(Path.GetTempPath(), "vexil-edge-ofrep-" + Guid.NewGuid().ToString("N")[..8]));
        using var client = Client(edge.Address, key);

        using var single = await PostAsync(client, "/ofrep/v1/evaluate/flags/f");
        using var bulk = await PostAsync(client, "/ofrep/v1/evaluate/flags");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, single.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, bulk.StatusCode);
        Assert.True(single.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.True(bulk.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Null(bulk.Headers.ETag);
    }

    private static HttpClient Client(Uri address, string key)
    {
        var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(Body, Encoding.UTF8, "application/json") };
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Polls the edge's single-flag OFREP until the evaluation matches (the edge's OFREP has no Vexil-Min-Version).</summary>
    private static async Task<JsonElement> UntilAsync(HttpClient client, string flag, Func<JsonElement, bool> until)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var response = await PostAsync(client, $"/ofrep/v1/evaluate/flags/{flag}");
            if (response.StatusCode == HttpStatusCode.OK && await response.JsonAsync() is var body && until(body))
            {
                return body;
            }

            Assert.True(attempt < 200, $"the edge's OFREP never showed the change (last: {(int)response.StatusCode})");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    private static async Task SavedVersionAsync(string directory, long version)
    {
        for (var attempt = 0; ; attempt++)
        {
            var file = Directory.Exists(directory) ? Directory.GetFiles(directory, "*.ruleset.json").SingleOrDefault() : null;
            if (file is not null && JsonDocument.Parse(await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken)).RootElement.GetProperty("version").GetInt64() == version)
            {
                return;
            }

            Assert.True(attempt < 200, $"the last-known-good file never reached version {version}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<HttpClient> AdminAsync(Uri address)
    {
        var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await VexilTestServer.LoginAsync(address, "admin", VexilTestServer.AdminPassword));
        return client;
    }

    private static void TryDelete(string root)
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
