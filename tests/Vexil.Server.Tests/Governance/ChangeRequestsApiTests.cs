using System.Net;
using System.Text.Json;
using Vexil.Server.Tests.Auth;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Governance;

/// <summary>Change requests over HTTP: a policy turns writes into 202s, review and apply, conflicts as problems, bad input as 400s.</summary>
public sealed class ChangeRequestsApiTests
{
    [Fact(Timeout = 120_000)]
    public async Task Policy_TurnsWritesInto202ChangeRequests_ThatAnotherReviewerApprovesAndApplies()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        await admin.CreateFlagAsync(project, "checkout");
        using var editor = server.Client(await AuthorizationMatrixTests.TokenAsync(admin, "editor", null));
        var flag = $"/api/v1/projects/{project}/environments/production/flags/checkout";

        using (var set = await admin.SendAsync(HttpMethod.Put, $"/api/v1/projects/{project}/environments/production/policy", new { requiredApprovals = 1, approverRoles = new[] { "administrator" }, allowSelfApproval = false }))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }

        using var toggle = await editor.SendAsync(HttpMethod.Put, $"{flag}/enabled", new { enabled = true }, "*");
        Assert.Equal(HttpStatusCode.Accepted, toggle.StatusCode);
        var location = toggle.Headers.Location!.ToString();
        var request = await toggle.JsonAsync();
        Assert.Equal(("open", "Turn on flag 'checkout' in production"), (request.GetProperty("status").GetString(), request.GetProperty("title").GetString()));
        Assert.Equal(location, $"/api/v1/projects/{project}/change-requests/{request.GetProperty("id").GetInt64()}");
        Assert.False((await (await admin.SendAsync(HttpMethod.Get, flag)).JsonAsync()).GetProperty("flag").TryGetProperty("enabled", out var on) && on.GetBoolean());

        using (var byEditor = await editor.SendAsync(HttpMethod.Post, $"{location}/approve"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byEditor.StatusCode);
            Assert.Contains("reviewed by administrator", (await byEditor.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using (var approve = await admin.SendAsync(HttpMethod.Post, $"{location}/approve", new { comment = "go" }))
        {
            Assert.Equal("approved", (await approve.JsonAsync()).GetProperty("status").GetString());
        }

        using var applied = await editor.SendAsync(HttpMethod.Post, $"{location}/apply");
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        Assert.True((await (await admin.SendAsync(HttpMethod.Get, flag)).JsonAsync()).GetProperty("flag").GetProperty("enabled").GetBoolean());
        var shown = await (await admin.SendAsync(HttpMethod.Get, location)).JsonAsync();
        Assert.Equal("applied", shown.GetProperty("status").GetString());
        Assert.Equal("go", shown.GetProperty("reviews")[0].GetProperty("body").GetString());
        Assert.Equal("enabled", shown.GetProperty("diff")[0].GetProperty("changes")[0].GetProperty("path").GetString());
        var listed = await (await admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/change-requests?flag=checkout&status=applied")).JsonAsync();
        Assert.Equal(1, listed.GetArrayLength());
    }

    [Fact(Timeout = 120_000)]
    public async Task FlagsFileApply_UnderAPolicy_IsHeld_AndAMovedFlag_Answers409WithTheConflictAndARebase()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        await admin.CreateFlagAsync(project, "checkout");
        using var editor = server.Client(await AuthorizationMatrixTests.TokenAsync(admin, "editor", null));
        var changes = new object[] { new { type = "toggleFlag", environment = "staging", flag = "checkout", enabled = true } };
        using var opened = await editor.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/change-requests", new { title = "Launch", changes });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var location = opened.Headers.Location!.ToString();
        using (var moved = await admin.SendAsync(HttpMethod.Put, $"/api/v1/projects/{project}/environments/staging/flags/checkout", new { enabled = false, offVariation = "on", fallthrough = new { variation = "off" } }, "*"))
        {
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }

        (await admin.SendAsync(HttpMethod.Post, $"{location}/approve")).Dispose();
        using var conflict = await editor.SendAsync(HttpMethod.Post, $"{location}/apply");
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType!.MediaType);
        var problem = await conflict.JsonAsync();
        Assert.Equal("flag 'checkout' in staging", problem.GetProperty("conflicts")[0].GetProperty("object").GetString());
        Assert.Equal($"{location}/rebase", problem.GetProperty("rebase").GetString());
        using (var rebased = await editor.SendAsync(HttpMethod.Post, $"{location}/rebase"))
        {
            var body = await rebased.JsonAsync();
            Assert.Equal((2, "open"), (body.GetProperty("revision").GetInt32(), body.GetProperty("status").GetString()));
        }

        (await admin.SendAsync(HttpMethod.Put, $"/api/v1/projects/{project}/environments/production/policy", new { requiredApprovals = 2, approverRoles = new[] { "editor", "administrator" } })).Dispose();
        var file = "{\"formatVersion\":1,\"flags\":[{\"key\":\"checkout\",\"name\":\"Checkout\",\"type\":\"boolean\",\"variations\":[{\"key\":\"on\",\"value\":true},{\"key\":\"off\",\"value\":false}],\"enabled\":true,\"fallthrough\":{\"variation\":\"on\"}}]}";
        using var apply = await editor.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/environments/production/apply", JsonDocument.Parse(file).RootElement);
        Assert.True(apply.StatusCode == HttpStatusCode.Accepted, await apply.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("apply", (await apply.JsonAsync()).GetProperty("origin").GetString());
    }

    [Fact(Timeout = 120_000)]
    public async Task BadInput_IsA400WithItsPath_AndChangesNothing()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        var policy = $"/api/v1/projects/{project}/environments/production/policy";
        var requests = $"/api/v1/projects/{project}/change-requests";

        await AssertInvalidAsync(admin.SendAsync(HttpMethod.Put, policy, new { requiredApprovals = 0, approverRoles = new[] { "editor" } }), "requiredApprovals");
        await AssertInvalidAsync(admin.SendAsync(HttpMethod.Put, policy, new { requiredApprovals = 1, approverRoles = new[] { "viewer" } }), "approverRoles[0]");
        await AssertInvalidAsync(admin.SendAsync(HttpMethod.Post, requests, new { title = "t", changes = new[] { new { type = "explodeFlag" } } }), "changes[0].type");
        await AssertInvalidAsync(admin.SendAsync(HttpMethod.Post, requests, new { changes = Array.Empty<object>() }), "title");
        await AssertInvalidAsync(admin.SendAsync(HttpMethod.Get, $"{requests}?status=maybe"), "status");
        await AssertInvalidAsync(admin.SendAsync(HttpMethod.Post, $"{requests}/1/comments", new { comment = " " }), "comment");
        using var missing = await admin.SendAsync(HttpMethod.Post, $"{requests}/999/approve");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var noFlag = await admin.SendAsync(HttpMethod.Post, requests, new { title = "t", changes = new[] { new { type = "toggleFlag", environment = "production", flag = "nope", enabled = true } } });
        Assert.Equal(HttpStatusCode.NotFound, noFlag.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.SendAsync(HttpMethod.Get, policy)).StatusCode);
        Assert.Equal(0, (await (await admin.SendAsync(HttpMethod.Get, requests)).JsonAsync()).GetArrayLength());
    }

    private static async Task AssertInvalidAsync(Task<HttpResponseMessage> send, string path)
    {
        using var response = await send;
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty(path, out _), body);
    }
}
