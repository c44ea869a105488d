using System.Net;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Environments;

/// <summary>Renaming, ordering, archiving and restoring environments through the API (typed changes through the recorder).</summary>
public sealed class EnvironmentSettingsApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HttpClient Admin => fixture.Admin;

    [Fact(Timeout = 30_000)]
    public async Task Rename_WithTheCurrentETag_RenamesAndIsAudited_WithAStaleOne_ChangesNothing()
    {
        var project = await Admin.CreateProjectAsync();
        var path = $"/api/v1/projects/{project}/environments/staging";
        using var read = await Admin.SendAsync(HttpMethod.Get, path);
        var etag = read.ETag();

        using var renamed = await Admin.SendAsync(HttpMethod.Put, path, new { name = "Pre-production" }, etag);
        using var stale = await Admin.SendAsync(HttpMethod.Put, path, new { name = "Lost" }, etag);
        using var blank = await Admin.SendAsync(HttpMethod.Put, path, new { name = " " }, "*");
        using var audit = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/audit");

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.NotEqual(etag, renamed.ETag());
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
        Assert.Equal("Pre-production", (await (await Admin.SendAsync(HttpMethod.Get, path)).JsonAsync()).GetProperty("name").GetString());
        Assert.Contains("environment.update", (await audit.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)), StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Reorder_PutsTheNamedFirst_KeepsTheRestInOrder_AndANewEnvironmentGoesLast()
    {
        var project = await Admin.CreateProjectAsync();
        var environments = $"/api/v1/projects/{project}/environments";

        using var moved = await Admin.SendAsync(HttpMethod.Post, $"{environments}/reorder", new { keys = new[] { "production" } });
        using var created = await Admin.SendAsync(HttpMethod.Post, environments, new { key = "qa", name = "QA" });
        var order = await KeysAsync(environments);
        using var unknown = await Admin.SendAsync(HttpMethod.Post, $"{environments}/reorder", new { keys = new[] { "staging", "nowhere" } });
        using var twice = await Admin.SendAsync(HttpMethod.Post, $"{environments}/reorder", new { keys = new[] { "staging", "staging" } });

        Assert.True(moved.StatusCode == HttpStatusCode.OK, await moved.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(["production", "development", "staging", "qa"], order);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("keys", await unknown.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Equal(order, await KeysAsync(environments));
    }

    [Fact(Timeout = 30_000)]
    public async Task ArchivedEnvironment_RefusesChangesNamingIt_UntilRestored_AndTheLastOneCannotBeArchived()
    {
        var project = await Admin.CreateProjectAsync();
        await Admin.CreateFlagAsync(project, "f");
        var environments = $"/api/v1/projects/{project}/environments";

        using var archived = await Admin.SendAsync(HttpMethod.Post, $"{environments}/staging/archive", null, "*");
        using var toggle = await Admin.SendAsync(HttpMethod.Put, $"{environments}/staging/flags/f/enabled", new { enabled = true }, "*");
        using var elsewhere = await Admin.SendAsync(HttpMethod.Put, $"{environments}/production/flags/f/enabled", new { enabled = true }, "*");
        using var listed = await Admin.SendAsync(HttpMethod.Get, environments);
        using var restored = await Admin.SendAsync(HttpMethod.Post, $"{environments}/staging/restore", null, "*");
        using var again = await Admin.SendAsync(HttpMethod.Put, $"{environments}/staging/flags/f/enabled", new { enabled = true }, "*");
        using var first = await Admin.SendAsync(HttpMethod.Post, $"{environments}/development/archive", null, "*");
        using var second = await Admin.SendAsync(HttpMethod.Post, $"{environments}/staging/archive", null, "*");
        using var last = await Admin.SendAsync(HttpMethod.Post, $"{environments}/production/archive", null, "*");

        Assert.Equal(HttpStatusCode.OK, archived.StatusCode);
        Assert.True((await archived.JsonAsync()).GetProperty("archived").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, toggle.StatusCode);
        Assert.Contains("archived", await toggle.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
        Assert.Contains((await listed.JsonAsync()).EnumerateArray(), e => e.GetProperty("key").GetString() == "staging" && e.GetProperty("archived").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, last.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task EnvironmentChanges_InAChangeRequest_AreReadWrittenAndApplied()
    {
        var project = await Admin.CreateProjectAsync();
        using var editor = fixture.Server.Client(await Auth.AuthorizationMatrixTests.TokenAsync(Admin, "editor", null));
        using var opened = await editor.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/change-requests", new
        {
            title = "Tidy environments",
            changes = new object[]
            {
                new { type = "renameEnvironment", key = "staging", name = "Pre-production" },
                new { type = "reorderEnvironments", keys = new[] { "production", "staging" } },
                new { type = "archiveEnvironment", key = "development", archived = true },
            },
        });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var id = (await opened.JsonAsync()).GetProperty("id").GetInt64();
        using var approved = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/change-requests/{id}/approve");
        using var applied = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/change-requests/{id}/apply");

        Assert.True(applied.IsSuccessStatusCode, await applied.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var environments = await (await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/environments")).JsonAsync();
        Assert.Equal(["production", "staging", "development"], environments.EnumerateArray().Select(e => e.GetProperty("key").GetString()!));
        Assert.Equal("Pre-production", environments[1].GetProperty("name").GetString());
        Assert.True(environments[2].GetProperty("archived").GetBoolean());
    }

    private async Task<string[]> KeysAsync(string environments) =>
        [.. (await (await Admin.SendAsync(HttpMethod.Get, environments)).JsonAsync()).EnumerateArray().Select(e => e.GetProperty("key").GetString()!)];
}
