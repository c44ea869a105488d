using System.Net;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Dashboard;

/// <summary>The dashboard's segment form against a real server: what the form does not show is kept as stored.</summary>
public sealed class DashboardSegmentsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task SavingTheForm_ChangesKeysAndRules_AndKeepsContextsOfAKindAndTheSalt()
    {
        var project = await fixture.Admin.CreateProjectAsync();
        var url = $"/api/v1/projects/{project}/environments/production/segments/partners";
        using var created = await fixture.Admin.SendAsync(
            HttpMethod.Post,
            $"/api/v1/projects/{project}/environments/production/segments",
            """{"key":"partners","included":["u1"],"includedContexts":[{"contextKind":"org","values":["acme"]}],"excludedContexts":[{"contextKind":"org","values":["banned"]}],"salt":"kept-salt"}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var session = await Session.SignInAsync(fixture.Server.Address, "admin", VexilTestServer.AdminPassword);

        using var saved = await session.SendAsync(
            HttpMethod.Post,
            $"/projects/{project}/segments/partners",
            $"env=production&etag={Uri.EscapeDataString(created.ETag()!)}&description=edited&included=u2%0Au3&excluded=&rules={Uri.EscapeDataString("""[{"id":"nl","clauses":[{"attribute":"country","operator":"in","values":["NL"]}]}]""")}",
            withToken: true);
        using var read = await fixture.Admin.SendAsync(HttpMethod.Get, url);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var segment = await read.JsonAsync();
        Assert.Equal("edited", segment.GetProperty("description").GetString());
        Assert.Equal(["u2", "u3"], segment.GetProperty("included").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("nl", segment.GetProperty("rules")[0].GetProperty("id").GetString());
        Assert.Equal("""[{"contextKind":"org","values":["acme"]}]""", segment.GetProperty("includedContexts").GetRawText());
        Assert.Equal("""[{"contextKind":"org","values":["banned"]}]""", segment.GetProperty("excludedContexts").GetRawText());
        Assert.Equal("kept-salt", segment.GetProperty("salt").GetString());
    }
}
