using System.Net;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Projects;

/// <summary>Archiving, restoring and ordering projects through the API (typed changes through the recorder).</summary>
public sealed class ProjectSettingsApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HttpClient Admin => fixture.Admin;

    [Fact(Timeout = 30_000)]
    public async Task ArchivedProject_RefusesWritesNamingIt_KeepsServingItsKeys_UntilRestored()
    {
        var project = await Admin.CreateProjectAsync();
        await Admin.CreateFlagAsync(project, "f");
        var path = $"/api/v1/projects/{project}";
        var toggle = $"{path}/environments/production/flags/f/enabled";
        using var read = await Admin.SendAsync(HttpMethod.Get, path);

        using var archived = await Admin.SendAsync(HttpMethod.Post, $"{path}/archive", null, read.ETag());
        using var refused = await Admin.SendAsync(HttpMethod.Put, toggle, new { enabled = true }, "*");
        using var newFlag = await Admin.SendAsync(HttpMethod.Post, $"{path}/flags", new { key = "g", type = "boolean", name = "G", variations = new object[] { new { key = "on", value = true }, new { key = "off", value = false } } });
        using var ruleset = await Admin.SendAsync(HttpMethod.Get, $"{path}/environments/production/ruleset");
        var onlyArchived = await KeysAsync("/api/v1/projects?archived=true");
        var onlyActive = await KeysAsync("/api/v1/projects?archived=false");
        using var badFilter = await Admin.SendAsync(HttpMethod.Get, "/api/v1/projects?archived=maybe");
        using var restored = await Admin.SendAsync(HttpMethod.Post, $"{path}/restore", null, archived.ETag());
        using var again = await Admin.SendAsync(HttpMethod.Put, toggle, new { enabled = true }, "*");
        using var audit = await Admin.SendAsync(HttpMethod.Get, $"{path}/audit");

        Assert.True(archived.StatusCode == HttpStatusCode.OK, await archived.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.True((await archived.JsonAsync()).GetProperty("archived").GetBoolean());
        Assert.NotEqual(read.ETag(), archived.ETag());
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("archived", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, newFlag.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ruleset.StatusCode);
        Assert.Contains(project, onlyArchived);
        Assert.DoesNotContain(project, onlyActive);
        Assert.Equal(HttpStatusCode.BadRequest, badFilter.StatusCode);
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.False((await restored.JsonAsync()).GetProperty("archived").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var text = await audit.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("project.archive", text, StringComparison.Ordinal);
        Assert.Contains("project.restore", text, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Archive_WithAStaleOrMissingIfMatch_ChangesNothing()
    {
        var project = await Admin.CreateProjectAsync();
        var path = $"/api/v1/projects/{project}";
        using var read = await Admin.SendAsync(HttpMethod.Get, path);
        using var renamed = await Admin.SendAsync(HttpMethod.Put, path, new { name = "Renamed" }, read.ETag());

        using var stale = await Admin.SendAsync(HttpMethod.Post, $"{path}/archive", null, read.ETag());
        using var missing = await Admin.SendAsync(HttpMethod.Post, $"{path}/archive");
        using var unknown = await Admin.SendAsync(HttpMethod.Post, "/api/v1/projects/no-such-project/archive", null, "*");
        using var after = await Admin.SendAsync(HttpMethod.Get, path);

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        Assert.Equal((HttpStatusCode)428, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.False((await after.JsonAsync()).GetProperty("archived").GetBoolean());
    }

    [Fact(Timeout = 30_000)]
    public async Task Reorder_PutsTheNamedFirst_KeepsTheRestInOrder_AndRefusesUnknownOrRepeatedKeys()
    {
        var a = await Admin.CreateProjectAsync();
        var b = await Admin.CreateProjectAsync();
        var c = await Admin.CreateProjectAsync();
        var before = await KeysAsync("/api/v1/projects");

        using var moved = await Admin.SendAsync(HttpMethod.Post, "/api/v1/projects/reorder", new { keys = new[] { c, a } });
        var order = await KeysAsync("/api/v1/projects");
        var d = await Admin.CreateProjectAsync();
        var withNew = await KeysAsync("/api/v1/projects");
        using var unknown = await Admin.SendAsync(HttpMethod.Post, "/api/v1/projects/reorder", new { keys = new[] { b, "no-such-project" } });
        using var twice = await Admin.SendAsync(HttpMethod.Post, "/api/v1/projects/reorder", new { keys = new[] { b, b } });
        using var empty = await Admin.SendAsync(HttpMethod.Post, "/api/v1/projects/reorder", new { keys = Array.Empty<string>() });
        using var audit = await Admin.SendAsync(HttpMethod.Get, "/api/v1/audit");

        Assert.True(moved.StatusCode == HttpStatusCode.OK, await moved.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal([c, a, .. before.Where(k => k != c && k != a)], order);
        Assert.Equal([.. order, d], withNew);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("keys", await unknown.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(withNew, await KeysAsync("/api/v1/projects"));
        Assert.Contains("project.reorder", await audit.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Viewer_MayNeitherArchiveNorReorder()
    {
        var project = await Admin.CreateProjectAsync();
        using var viewer = fixture.Server.Client(await Auth.AuthorizationMatrixTests.TokenAsync(Admin, "viewer", null));

        using var archive = await viewer.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/archive", null, "*");
        using var reorder = await viewer.SendAsync(HttpMethod.Post, "/api/v1/projects/reorder", new { keys = new[] { project } });

        Assert.Equal(HttpStatusCode.Forbidden, archive.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, reorder.StatusCode);
        Assert.False((await (await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}")).JsonAsync()).GetProperty("archived").GetBoolean());
    }

    [Fact(Timeout = 30_000)]
    public async Task ArchiveProject_InAChangeRequest_IsReadWrittenAndApplied()
    {
        var project = await Admin.CreateProjectAsync();
        using var editor = fixture.Server.Client(await Auth.AuthorizationMatrixTests.TokenAsync(Admin, "editor", null));
        using var opened = await editor.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/change-requests", new
        {
            title = "Retire the project",
            changes = new object[] { new { type = "archiveProject", archived = true } },
        });
        Assert.True(opened.StatusCode == HttpStatusCode.Created, await opened.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var id = (await opened.JsonAsync()).GetProperty("id").GetInt64();
        using var approved = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/change-requests/{id}/approve");
        using var applied = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/change-requests/{id}/apply");

        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.True(applied.IsSuccessStatusCode, await applied.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.True((await (await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}")).JsonAsync()).GetProperty("archived").GetBoolean());
    }

    private async Task<string[]> KeysAsync(string path) =>
        [.. (await (await Admin.SendAsync(HttpMethod.Get, path)).JsonAsync()).EnumerateArray().Select(e => e.GetProperty("key").GetString()!)];
}
