using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Vexil.Server.Tests.Auth;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Webhooks;

public sealed class WebhooksApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HttpClient Admin => fixture.Admin;

    private static object Hook(string url = "https://hooks.example.com/vexil", string[]? events = null, string? environment = null) =>
        new { url, events = events ?? ["flag.*"], environment, description = "ops channel" };

    [Fact(Timeout = 60_000)]
    public async Task Create_ShowsTheSecretOnce_AndReadsNeverShowIt()
    {
        var project = await Admin.CreateProjectAsync();

        using var created = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/webhooks", Hook(environment: "production"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        var id = body.GetProperty("id").GetString()!;
        var secret = body.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.True(secret.Length >= 40);
        Assert.Equal($"/api/v1/projects/{project}/webhooks/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("production", body.GetProperty("environment").GetString());
        Assert.Equal(["flag.*"], body.GetProperty("events").EnumerateArray().Select(e => e.GetString()));

        using var read = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/webhooks/{id}");
        var readBody = await read.JsonAsync();
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.False(readBody.TryGetProperty("secret", out _));
        Assert.Equal(secret[..12] + "…", readBody.GetProperty("secretHint").GetString());
        Assert.NotNull(read.Headers.ETag);

        using var list = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/webhooks");
        var item = Assert.Single((await list.JsonAsync()).EnumerateArray());
        Assert.False(item.TryGetProperty("secret", out _));
        Assert.DoesNotContain(secret, await list.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Names_AreTheIdWhenNotGiven_AndUniquePerEnvironmentFilter()
    {
        var project = await Admin.CreateProjectAsync();

        using var unnamed = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/webhooks", Hook(environment: "production"));
        using var named = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/webhooks", new { url = "https://hooks.example.com/a", events = new[] { "*" }, environment = "production", name = "orders" });
        using var taken = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/webhooks", new { url = "https://hooks.example.com/b", events = new[] { "*" }, environment = "production", name = "orders" });
        using var elsewhere = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/webhooks", new { url = "https://hooks.example.com/b", events = new[] { "*" }, environment = "staging", name = "orders" });
        using var invalid = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/webhooks", new { url = "https://hooks.example.com/b", events = new[] { "*" }, name = "no spaces" });

        var body = await unnamed.JsonAsync();
        Assert.Equal(body.GetProperty("id").GetString(), body.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.Created, named.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Contains("already has the name 'orders'", (await taken.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, elsewhere.StatusCode);
        Assert.True((await invalid.JsonAsync()).GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact(Timeout = 60_000)]
    public async Task Create_Invalid_IsAValidationProblemWithEveryError()
    {
        var project = await Admin.CreateProjectAsync();

        using var response = await Admin.SendAsync(
            HttpMethod.Post,
            $"/api/v1/projects/{project}/webhooks",
            new { url = "ftp://example.com/x", events = new[] { "flag.updated", "flag.renamed" }, environment = "nowhere" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("url", out _));
        Assert.True(errors.TryGetProperty("events[1]", out _));
        Assert.False(errors.TryGetProperty("events[0]", out _));
        Assert.True(errors.TryGetProperty("environment", out _));

        foreach (var bad in new object[]
        {
            new { events = new[] { "*" } },
            new { url = "not a url", events = new[] { "*" } },
            new { url = "http://user:pw@example.com/", events = new[] { "*" } },
            new { url = "https://example.com/", events = Array.Empty<string>() },
        })
        {
            using var each = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/webhooks", bad);
            Assert.Equal(HttpStatusCode.BadRequest, each.StatusCode);
            Assert.Equal("application/problem+json", each.Content.Headers.ContentType?.MediaType);
        }

        using var unknownField = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/webhooks", """{"url":"https://example.com/","events":["*"],"secret":"mine"}""");
        Assert.Equal(HttpStatusCode.BadRequest, unknownField.StatusCode);
        using var none = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/webhooks");
        Assert.Equal(0, (await none.JsonAsync()).GetArrayLength());
    }

    [Fact(Timeout = 60_000)]
    public async Task Update_RequiresIfMatch_RefusesAStaleOne_AndKeepsTheSecret()
    {
        var project = await Admin.CreateProjectAsync();
        using var created = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/webhooks", Hook());
        var id = (await created.JsonAsync()).GetProperty("id").GetString()!;
        var etag = created.ETag();
        var path = $"/api/v1/projects/{project}/webhooks/{id}";

        using var missing = await Admin.SendAsync(HttpMethod.Put, path, Hook(events: ["*"]));
        Assert.Equal(HttpStatusCode.PreconditionRequired, missing.StatusCode);

        using var updated = await Admin.SendAsync(HttpMethod.Put, path, Hook("http://hooks.example.com/v2", ["segment.*", "flag.toggled"]), etag);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var body = await updated.JsonAsync();
        Assert.Equal("http://hooks.example.com/v2", body.GetProperty("url").GetString());
        Assert.Equal(["segment.*", "flag.toggled"], body.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.False(body.TryGetProperty("secret", out _));
        Assert.NotEqual(etag, updated.ETag());

        using var stale = await Admin.SendAsync(HttpMethod.Put, path, Hook(events: ["*"]), etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        using var invalid = await Admin.SendAsync(HttpMethod.Put, path, Hook(url: "mailto:x@example.com"), updated.ETag());
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        using var unknown = await Admin.SendAsync(HttpMethod.Put, $"/api/v1/projects/{project}/webhooks/wh_nope", Hook(), "*");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task Enabled_IsOnByDefault_TurnedOffByAnUpdate_KeptWhenAnUpdateLeavesItOut_AndAudited()
    {
        var project = await Admin.CreateProjectAsync();
        using var created = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/webhooks", Hook());
        var first = await created.JsonAsync();
        Assert.True(first.GetProperty("enabled").GetBoolean());
        var path = $"/api/v1/projects/{project}/webhooks/{first.GetProperty("id").GetString()}";

        using var off = await Admin.SendAsync(HttpMethod.Put, path, new { url = "https://hooks.example.com/vexil", events = new[] { "flag.*" }, enabled = false }, created.ETag());
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        Assert.False((await off.JsonAsync()).GetProperty("enabled").GetBoolean());
        using var edited = await Admin.SendAsync(HttpMethod.Put, path, Hook(events: ["*"]), off.ETag());
        Assert.False((await edited.JsonAsync()).GetProperty("enabled").GetBoolean()); // an update without "enabled" keeps it
        using var list = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/webhooks");
        Assert.False((await list.JsonAsync())[0].GetProperty("enabled").GetBoolean());
        using var bad = await Admin.SendAsync(HttpMethod.Put, path, new { url = "https://hooks.example.com/vexil", events = new[] { "flag.*" }, enabled = "no" }, edited.ETag());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var createdOff = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/webhooks", new { url = "https://hooks.example.com/b", events = new[] { "flag.*" }, enabled = false });
        Assert.False((await createdOff.JsonAsync()).GetProperty("enabled").GetBoolean());

        using var audit = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/audit");
        var turnedOff = (await audit.JsonAsync()).GetProperty("items").EnumerateArray()
            .Last(e => e.GetProperty("action").GetString() == "webhook.update");
        Assert.Contains("enabled", turnedOff.GetRawText(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task RotateAndDelete_AreAudited_WithoutTheSecret()
    {
        var project = await Admin.CreateProjectAsync();
        using var created = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/webhooks", Hook());
        var first = await created.JsonAsync();
        var id = first.GetProperty("id").GetString()!;
        var path = $"/api/v1/projects/{project}/webhooks/{id}";

        using var rotated = await Admin.SendAsync(HttpMethod.Post, $"{path}/rotate-secret");
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var second = (await rotated.JsonAsync()).GetProperty("secret").GetString()!;
        Assert.NotEqual(first.GetProperty("secret").GetString(), second);
        using var staleRotate = await Admin.SendAsync(HttpMethod.Post, $"{path}/rotate-secret", null, created.ETag());
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleRotate.StatusCode);

        using var noIfMatch = await Admin.SendAsync(HttpMethod.Delete, path);
        Assert.Equal(HttpStatusCode.PreconditionRequired, noIfMatch.StatusCode);
        using var deleted = await Admin.SendAsync(HttpMethod.Delete, path, null, rotated.ETag());
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        using var gone = await Admin.SendAsync(HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);

        using var audit = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/audit");
        var auditText = await audit.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var actions = (await audit.JsonAsync()).GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("webhook.create", actions);
        Assert.Contains("webhook.rotate-secret", actions);
        Assert.Contains("webhook.delete", actions);
        Assert.DoesNotContain(second, auditText, StringComparison.Ordinal);
        Assert.DoesNotContain("cipher", auditText, StringComparison.OrdinalIgnoreCase);
    }

    [Fact(Timeout = 60_000)]
    public async Task Deliveries_OfAnUnknownSubscription_Is404_AndABadLimitIs400()
    {
        var project = await Admin.CreateProjectAsync();
        using var created = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/webhooks", Hook());
        var id = (await created.JsonAsync()).GetProperty("id").GetString()!;

        using var empty = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/webhooks/{id}/deliveries");
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Equal(0, (await empty.JsonAsync()).GetArrayLength());
        using var unknown = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/webhooks/wh_nope/deliveries");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var bad = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/webhooks/{id}/deliveries?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.JsonAsync()).GetProperty("errors").TryGetProperty("limit", out _));
    }

    [Fact(Timeout = 60_000)]
    public async Task AProjectToken_SeesOnlyItsProjectsWebhooks()
    {
        var mine = await Admin.CreateProjectAsync();
        var other = await Admin.CreateProjectAsync();
        using var created = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{other}/webhooks", Hook());
        var id = (await created.JsonAsync()).GetProperty("id").GetString()!;
        using var scoped = fixture.Server.Client(await AuthorizationMatrixTests.TokenAsync(Admin, "administrator", mine));

        using var listOther = await scoped.SendAsync(HttpMethod.Get, $"/api/v1/projects/{other}/webhooks");
        using var readThroughMine = await scoped.SendAsync(HttpMethod.Get, $"/api/v1/projects/{mine}/webhooks/{id}");
        using var createMine = await scoped.SendAsync(HttpMethod.Post, $"/api/v1/projects/{mine}/webhooks", Hook());

        Assert.Equal(HttpStatusCode.Forbidden, listOther.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, readThroughMine.StatusCode);
        Assert.Equal(HttpStatusCode.Created, createMine.StatusCode);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("http://127.0.0.1:5399/")]
    [InlineData("http://2130706433:5399/")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/")]
    [InlineData("http://10.0.0.5/hook")]
    [InlineData("https://192.168.1.10/hook")]
    public async Task CreateOrUpdate_ToAReservedAddress_IsRefused_AndCreatesNothing(string url)
    {
        var project = await Admin.CreateProjectAsync();
        var (id, _) = await CreateAsync(Admin, project, "https://hooks.example.com/ok", ["*"]);

        using var created = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/webhooks", new { url, events = new[] { "*" } });
        using var updated = await Admin.SendAsync(HttpMethod.Put, $"/api/v1/projects/{project}/webhooks/{id}", new { url, events = new[] { "*" } }, "*");

        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        Assert.Contains("must not name", (await created.JsonAsync()).GetProperty("errors").GetProperty("url")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, updated.StatusCode);
        using var list = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/webhooks");
        Assert.Equal(["https://hooks.example.com/ok"], (await list.JsonAsync()).EnumerateArray().Select(w => w.GetProperty("url").GetString()));
    }

    [Fact(Timeout = 60_000)]
    public async Task Create_ToAnAllowedNetwork_IsAccepted_OthersStillRefused()
    {
        await using var server = await VexilTestServer.StartAsync(configure: b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Vexil:WebhookAllowedNetworks:0"] = "127.0.0.0/8",
        }));
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();

        using var loopback = await admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/webhooks", new { url = "http://127.0.0.1:5399/", events = new[] { "*" } });
        using var metadata = await admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/webhooks", new { url = "http://169.254.169.254/", events = new[] { "*" } });

        Assert.Equal(HttpStatusCode.Created, loopback.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, metadata.StatusCode);
    }

    internal static async Task<(string Id, string Secret)> CreateAsync(HttpClient admin, string project, string url, string[] events, string? environment = null)
    {
        using var response = await admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/webhooks", new { url, events, environment });
        response.EnsureSuccessStatusCode();
        var body = await response.JsonAsync();
        return (body.GetProperty("id").GetString()!, body.GetProperty("secret").GetString()!);
    }

    internal static async Task<JsonElement[]> DeliveriesAsync(HttpClient client, string project, string id)
    {
        using var response = await client.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/webhooks/{id}/deliveries?limit=1000");
        response.EnsureSuccessStatusCode();
        return [.. (await response.JsonAsync()).EnumerateArray()];
    }
}
