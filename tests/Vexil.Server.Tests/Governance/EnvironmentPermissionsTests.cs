using System.Net;
using System.Text.Json;
using Vexil.Server.Tests.Auth;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Governance;

/// <summary>
/// Per-environment permissions over HTTP: "anyone may change staging; in production editors propose and
/// administrators approve", a role that may only read is refused on every write path and changes nothing, and the
/// permissions themselves are validated, audited and sent as webhooks.
/// </summary>
public sealed class EnvironmentPermissionsTests
{
    [Fact(Timeout = 120_000)]
    public async Task EditorsWriteStaging_ButOnlyProposeInProduction_WhereAnAdministratorApproves()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        await admin.CreateFlagAsync(project, "checkout");
        using var alice = server.Client(await AuthorizationMatrixTests.TokenAsync(admin, "editor", null));
        using var bob = server.Client(await AuthorizationMatrixTests.TokenAsync(admin, "editor", null));
        await PutAsync(admin, project, "production", new { editor = "propose" }, HttpStatusCode.OK);

        using (var staging = await alice.SendAsync(HttpMethod.Put, Flag(project, "staging") + "/enabled", new { enabled = true }, "*"))
        {
            Assert.Equal(HttpStatusCode.OK, staging.StatusCode);
        }

        using var proposed = await alice.SendAsync(HttpMethod.Put, Flag(project, "production") + "/enabled", new { enabled = true }, "*");
        Assert.Equal(HttpStatusCode.Accepted, proposed.StatusCode);
        Assert.False(await EnabledAsync(admin, project, "production"));
        var location = proposed.Headers.Location!.ToString();

        // Another editor only proposes in production too, so their approval would let the change through: refused.
        using (var byEditor = await bob.SendAsync(HttpMethod.Post, $"{location}/approve"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byEditor.StatusCode);
            Assert.Contains("need write permission", (await byEditor.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using (var approved = await admin.SendAsync(HttpMethod.Post, $"{location}/approve"))
        {
            Assert.Equal("approved", (await approved.JsonAsync()).GetProperty("status").GetString());
        }

        using (var applied = await alice.SendAsync(HttpMethod.Post, $"{location}/apply"))
        {
            Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        }

        Assert.True(await EnabledAsync(admin, project, "production"));

        // Administrators still write production directly (it has no change policy).
        using (var direct = await admin.SendAsync(HttpMethod.Put, Flag(project, "production") + "/enabled", new { enabled = false }, "*"))
        {
            Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
        }

        // A raw schedule is no way around proposing: schedule an approved change request instead.
        using var schedule = await alice.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/schedules", new { runAt = "2036-01-01T00:00:00Z", changes = new[] { new { type = "toggleFlag", environment = "production", flag = "checkout", enabled = true } } });
        Assert.Equal(HttpStatusCode.Conflict, schedule.StatusCode);
        Assert.Contains("editors only propose changes to 'production'", (await schedule.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task ARoleThatOnlyReads_IsRefusedOnEveryWritePath_AndNothingChanges()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        await admin.CreateFlagAsync(project, "checkout");
        using var editor = server.Client(await AuthorizationMatrixTests.TokenAsync(admin, "editor", null));
        await PutAsync(admin, project, "production", new { editor = "read" }, HttpStatusCode.OK);
        var before = await VersionAsync(admin, project, "production");
        var file = JsonDocument.Parse("{\"formatVersion\":1,\"flags\":[{\"key\":\"checkout\",\"name\":\"Checkout\",\"type\":\"boolean\",\"variations\":[{\"key\":\"on\",\"value\":true},{\"key\":\"off\",\"value\":false}],\"enabled\":true,\"fallthrough\":{\"variation\":\"on\"}}]}").RootElement;

        (HttpMethod Method, string Path, object? Body)[] writes =
        [
            (HttpMethod.Put, Flag(project, "production") + "/enabled", new { enabled = true }),
            (HttpMethod.Post, $"/api/v1/projects/{project}/environments/production/apply", file),
            (HttpMethod.Post, $"/api/v1/projects/{project}/environments/production/apply?dryRun=true", file),
            (HttpMethod.Post, $"/api/v1/projects/{project}/change-requests", new { title = "t", changes = new[] { new { type = "toggleFlag", environment = "production", flag = "checkout", enabled = true } } }),
            (HttpMethod.Post, $"/api/v1/projects/{project}/schedules", new { runAt = "2036-01-01T00:00:00Z", changes = new[] { new { type = "toggleFlag", environment = "production", flag = "checkout", enabled = true } } }),

            // A new flag is served in every environment, production included.
            (HttpMethod.Post, $"/api/v1/projects/{project}/flags", new { key = "fresh", name = "Fresh", type = "boolean", variations = new object[] { new { key = "on", value = true }, new { key = "off", value = false } } }),
        ];
        foreach (var (method, path, body) in writes)
        {
            using var response = await editor.SendAsync(method, path, body, "*");
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {(int)response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Editors may only read 'production'", text, StringComparison.Ordinal);
        }

        Assert.Equal(before, await VersionAsync(admin, project, "production"));
        Assert.Equal(0, (await (await admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/change-requests")).JsonAsync()).GetArrayLength());
        Assert.Equal(0, (await (await admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/schedules")).JsonAsync()).GetArrayLength());

        // Staging is untouched by production's permissions; administrators write production.
        using (var staging = await editor.SendAsync(HttpMethod.Put, Flag(project, "staging") + "/enabled", new { enabled = true }, "*"))
        {
            Assert.Equal(HttpStatusCode.OK, staging.StatusCode);
        }

        using (var byAdmin = await admin.SendAsync(HttpMethod.Put, Flag(project, "production") + "/enabled", new { enabled = true }, "*"))
        {
            Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        }

        // An approved request reaching production cannot be applied by someone who may only read there.
        await PutAsync(admin, project, "production", new { editor = "propose" }, HttpStatusCode.OK);
        using var opened = await editor.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/change-requests", new { title = "off", changes = new[] { new { type = "toggleFlag", environment = "production", flag = "checkout", enabled = false } } });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var location = opened.Headers.Location!.ToString();
        (await admin.SendAsync(HttpMethod.Post, $"{location}/approve")).Dispose();
        await PutAsync(admin, project, "production", new { editor = "read" }, HttpStatusCode.OK);
        using (var apply = await editor.SendAsync(HttpMethod.Post, $"{location}/apply"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, apply.StatusCode);
            Assert.Contains("need propose permission", (await apply.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.True(await EnabledAsync(admin, project, "production"));
    }

    [Fact(Timeout = 120_000)]
    public async Task WhenEveryRoleOnlyProposes_AdministratorsStillApprove_AndTheirOwnWritesAreHeld()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        await admin.CreateFlagAsync(project, "checkout");
        using var other = server.Client(await AuthorizationMatrixTests.TokenAsync(admin, "administrator", null));
        await PutAsync(admin, project, "production", new { editor = "propose", administrator = "propose" }, HttpStatusCode.OK);

        using var held = await admin.SendAsync(HttpMethod.Put, Flag(project, "production") + "/enabled", new { enabled = true }, "*");
        Assert.Equal(HttpStatusCode.Accepted, held.StatusCode);
        Assert.False(await EnabledAsync(admin, project, "production"));
        using (var approved = await other.SendAsync(HttpMethod.Post, $"{held.Headers.Location}/approve"))
        {
            Assert.Equal("approved", (await approved.JsonAsync()).GetProperty("status").GetString());
        }

        (await admin.SendAsync(HttpMethod.Post, $"{held.Headers.Location}/apply")).EnsureSuccessStatusCode();
        Assert.True(await EnabledAsync(admin, project, "production"));
    }

    [Fact(Timeout = 120_000)]
    public async Task Permissions_AreValidated_Audited_SentAsWebhooks_AndRemovable()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        var path = $"/api/v1/projects/{project}/environments/production/permissions";

        var shown = await (await admin.SendAsync(HttpMethod.Get, path)).JsonAsync();
        Assert.Equal(("read", "write", "write", true), (shown.GetProperty("viewer").GetString(), shown.GetProperty("editor").GetString(), shown.GetProperty("administrator").GetString(), shown.GetProperty("isDefault").GetBoolean()));

        await AssertInvalidAsync(admin, path, new { editor = "sometimes" }, "editor");
        await AssertInvalidAsync(admin, path, new { administrator = "read" }, "administrator");
        await AssertInvalidAsync(admin, path, new { editor = "write", administrator = "propose" }, "editor");
        Assert.True((await (await admin.SendAsync(HttpMethod.Get, path)).JsonAsync()).GetProperty("isDefault").GetBoolean());
        using (var missing = await admin.SendAsync(HttpMethod.Put, $"/api/v1/projects/{project}/environments/nowhere/permissions", new { editor = "read" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Contains("environment 'nowhere' not found", (await missing.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        await PutAsync(admin, project, "production", new { editor = "propose" }, HttpStatusCode.OK);
        shown = await (await admin.SendAsync(HttpMethod.Get, path)).JsonAsync();
        Assert.Equal(("propose", "write", false), (shown.GetProperty("editor").GetString(), shown.GetProperty("administrator").GetString(), shown.GetProperty("isDefault").GetBoolean()));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Delete, path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.SendAsync(HttpMethod.Delete, path)).StatusCode);

        var audit = (await (await admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/audit?limit=200")).JsonAsync()).GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("resource").GetString() == $"projects/{project}/environments/production/permissions")
            .Select(e => e.GetProperty("action").GetString())
            .ToList();
        Assert.Equal(["permissions.removed", "permissions.updated"], audit);
    }

    private static string Flag(string project, string environment) => $"/api/v1/projects/{project}/environments/{environment}/flags/checkout";

    private static async Task PutAsync(HttpClient admin, string project, string environment, object body, HttpStatusCode expected)
    {
        using var response = await admin.SendAsync(HttpMethod.Put, $"/api/v1/projects/{project}/environments/{environment}/permissions", body);
        Assert.True(response.StatusCode == expected, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static async Task<bool> EnabledAsync(HttpClient admin, string project, string environment) =>
        (await (await admin.SendAsync(HttpMethod.Get, Flag(project, environment))).JsonAsync()).GetProperty("flag").TryGetProperty("enabled", out var on) && on.GetBoolean();

    private static async Task<long> VersionAsync(HttpClient admin, string project, string environment) =>
        (await (await admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/environments/{environment}")).JsonAsync()).GetProperty("version").GetInt64();

    private static async Task AssertInvalidAsync(HttpClient admin, string path, object body, string field)
    {
        using var response = await admin.SendAsync(HttpMethod.Put, path, body);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _), text);
    }
}
