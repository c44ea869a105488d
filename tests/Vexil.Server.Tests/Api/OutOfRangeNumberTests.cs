using System.Net;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Api;

/// <summary>
/// A number no double holds (<c>1e999</c>) is valid JSON that strict parsers refuse (others read infinity): wherever
/// numbers enter a flag, a segment or an event batch, it is a 400 naming its path, and nothing is stored.
/// </summary>
public sealed class OutOfRangeNumberTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory(Timeout = 30_000)]
    [InlineData("POST", "/flags", """{"key":"shape","type":"object","name":"S","variations":[{"key":"big","value":{"size":1e999}},{"key":"none","value":{}}]}""", "variations[0].value.size")]
    [InlineData("PUT", "/flags/f", """{"type":"object","name":"F","variations":[{"key":"on","value":[1,-1e400]},{"key":"off","value":{}}]}""", "variations[0].value[1]")]
    [InlineData("PUT", "/environments/production/flags/f", """{"enabled":true,"offVariation":"off","rules":[{"id":"r","clauses":[{"attribute":"n","operator":"in","values":[1e999]}],"serve":{"variation":"on"}}],"fallthrough":{"variation":"off"}}""", "rules[0].clauses[0].values[0]")]
    [InlineData("POST", "/environments/production/segments", """{"key":"big","rules":[{"id":"r","clauses":[{"attribute":"n","operator":"in","values":[2e308]}]}]}""", "rules[0].clauses[0].values[0]")]
    public async Task OutOfRangeNumber_Is400WithItsPath_AndNothingIsStored(string method, string path, string body, string expectedPath)
    {
        var project = await fixture.Admin.CreateProjectAsync();
        await fixture.Admin.CreateFlagAsync(project, "f");
        var ruleset = $"/api/v1/projects/{project}/environments/production/ruleset";
        using var before = await fixture.Admin.SendAsync(HttpMethod.Get, ruleset);

        using var response = await fixture.Admin.SendAsync(new HttpMethod(method), $"/api/v1/projects/{project}{path}", body, "*");
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {text}");
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(expectedPath, out var messages), text);
        Assert.Contains("out of range", messages[0].GetString(), StringComparison.Ordinal);
        using var after = await fixture.Admin.SendAsync(HttpMethod.Get, ruleset);
        Assert.Equal(await before.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), await after.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Theory(Timeout = 30_000)]
    [InlineData("""{"id":"b-1","summaries":[{"flag":"f","variation":"on","version":1,"count":1e999,"start":"2026-11-24T12:00:00Z","end":"2026-11-24T12:01:00Z"}]}""", "summaries[0].count")]
    [InlineData("""{"id":"b-2","future":{"ratio":1e999},"summaries":[{"flag":"f","variation":"on","version":1,"count":1,"start":"2026-11-24T12:00:00Z","end":"2026-11-24T12:01:00Z"}]}""", "future.ratio")]
    public async Task OutOfRangeNumber_InAnEventBatch_Is400WithItsPath(string body, string expectedPath)
    {
        var project = await fixture.Admin.CreateProjectAsync();
        await fixture.Admin.CreateFlagAsync(project, "f");
        using var key = fixture.Server.Client(await Auth.AuthorizationMatrixTests.SdkKeyAsync(fixture.Admin, project, "production", "server"));

        using var response = await key.SendAsync(HttpMethod.Post, "/events/v1/bulk", body);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {text}");
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(expectedPath, out _), text);
    }
}
