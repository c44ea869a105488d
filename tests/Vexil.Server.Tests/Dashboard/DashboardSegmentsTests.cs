using System.Net;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Dashboard;

/// <summary>The dashboard's segment forms against a real server: what the forms do not show is kept as stored; rule ids are made by the server.</summary>
public sealed class DashboardSegmentsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task SavingTheForms_ChangesKeysAndRules_AndKeepsContextsOfAKindAndTheSalt()
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
            $"env=production&etag={Uri.EscapeDataString(created.ETag()!)}&action=members&description=edited&included=u2%0Au3&excluded=",
            withToken: true);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        using var between = await fixture.Admin.SendAsync(HttpMethod.Get, url);
        using var rule = await session.SendAsync(
            HttpMethod.Post,
            $"/projects/{project}/segments/partners/rules",
            $"env=production&etag={Uri.EscapeDataString(between.ETag()!)}&action=add&attribute=country&operator=in&values=NL",
            withToken: true);
        Assert.Equal(HttpStatusCode.Redirect, rule.StatusCode);
        using var read = await fixture.Admin.SendAsync(HttpMethod.Get, url);

        var segment = await read.JsonAsync();
        Assert.Equal("edited", segment.GetProperty("description").GetString());
        Assert.Equal(["u2", "u3"], segment.GetProperty("included").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("rule-1", segment.GetProperty("rules")[0].GetProperty("id").GetString());
        Assert.Equal("country", segment.GetProperty("rules")[0].GetProperty("clauses")[0].GetProperty("attribute").GetString());
        Assert.Equal("""[{"contextKind":"org","values":["acme"]}]""", segment.GetProperty("includedContexts").GetRawText());
        Assert.Equal("""[{"contextKind":"org","values":["banned"]}]""", segment.GetProperty("excludedContexts").GetRawText());
        Assert.Equal("kept-salt", segment.GetProperty("salt").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task ARuleCoreRefuses_ChangesNothing_AndShowsTheFormAgainAsTyped()
    {
        var project = await fixture.Admin.CreateProjectAsync();
        using var created = await fixture.Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/environments/production/segments", """{"key":"s"}""");
        using var session = await Session.SignInAsync(fixture.Server.Address, "admin", VexilTestServer.AdminPassword);

        using var refused = await session.SendAsync(
            HttpMethod.Post,
            $"/projects/{project}/segments/s/rules",
            $"env=production&etag={Uri.EscapeDataString(created.ETag()!)}&action=add&attribute=email&operator=matches&values=%28unclosed",
            withToken: true);
        var html = await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var read = await fixture.Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/environments/production/segments/s");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("regular expression", html, StringComparison.Ordinal);
        Assert.Contains("value=\"(unclosed\"", html, StringComparison.Ordinal);
        Assert.Equal(created.ETag(), read.ETag());
    }
}
