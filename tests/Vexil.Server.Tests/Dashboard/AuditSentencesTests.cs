using System.Net;
using System.Text;
using System.Text.Json;
using Vexil.Core.Model;
using Vexil.Core.Serialization;
using Vexil.Server.Dashboard.Audit;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Dashboard;

/// <summary>
/// The audit log reads as sentences with percentages ("rule 2: rollout 50% blue, 25.5% green, 24.5% red"), not raw
/// paths in 0.001% units, and filters by flag, actor, environment and dates.
/// </summary>
public sealed class AuditSentencesTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Before = """
        { "key": "color", "type": "string",
          "variations": [ { "key": "blue", "value": "b" }, { "key": "green", "value": "g" }, { "key": "red", "value": "r" } ],
          "enabled": false, "offVariation": "red",
          "targets": [ { "variation": "blue", "values": ["alice", "bob"] } ],
          "rules": [ { "id": "a", "clauses": [ { "attribute": "country", "operator": "in", "values": ["DE", "FR"] } ], "serve": { "variation": "red" } },
                     { "id": "b", "clauses": [ { "attribute": "plan", "operator": "in", "values": ["pro"] } ], "serve": { "variation": "red" } } ],
          "fallthrough": { "variation": "red" } }
        """;

    [Fact]
    public void Compare_SaysWhatChanged_InSentencesWithPercentages()
    {
        var after = Before
            .Replace("\"enabled\": false", "\"enabled\": true", StringComparison.Ordinal)
            .Replace("[\"alice\", \"bob\"]", "[\"alice\", \"carol\"]", StringComparison.Ordinal)
            .Replace("""{ "attribute": "plan", "operator": "in", "values": ["pro"] } ], "serve": { "variation": "red" }""", """{ "attribute": "plan", "operator": "in", "values": ["pro"] } ], "serve": { "rollout": { "weights": [ { "variation": "blue", "weight": 50000 }, { "variation": "green", "weight": 25500 }, { "variation": "red", "weight": 24500 } ] } }""", StringComparison.Ordinal);
        var lines = FlagSentences.Compare(Read(Before), Read(after));
        Assert.Equal(
            [
                "turned on",
                "targets of blue: added carol; removed bob",
                "rule 2: rollout 50% blue, 25.5% green, 24.5% red (was serve red)",
            ],
            lines);
    }

    [Fact]
    public void Compare_NamesAddedRemovedAndReorderedRules_AndTheDefaultRule()
    {
        var before = Read(Before);
        var after = before with
        {
            Rules = [before.Rules[1], new RuleDefinition("c", [], ServeDefinition.Of("green"))],
            Fallthrough = new ServeDefinition(null, new RolloutDefinition([new WeightDefinition("blue", 333), new WeightDefinition("red", 99_667)])),
        };
        Assert.Equal(
            [
                "rule 2 added: if always, serve green",
                "rule 1 removed (was: if country in DE, FR, serve red)",
                "rules reordered: they are tried in their new order",
                "default rule: rollout 0.333% blue, 99.667% red (was serve red)",
            ],
            FlagSentences.Compare(before, after));
        Assert.Empty(FlagSentences.Compare(before, before));
    }

    [Fact(Timeout = 90_000)]
    public async Task AuditPage_ShowsSentences_AndFiltersByFlagActorEnvironmentAndDate()
    {
        var admin = fixture.Admin;
        var project = await admin.CreateProjectAsync();
        await admin.CreateFlagAsync(project, "checkout");
        await admin.CreateFlagAsync(project, "search");
        var flag = $"/api/v1/projects/{project}/environments/production/flags/checkout";
        using (var rollout = await admin.SendAsync(HttpMethod.Put, flag, new { enabled = true, offVariation = "off", fallthrough = new { rollout = new { weights = new[] { new { variation = "on", weight = 25_500 }, new { variation = "off", weight = 74_500 } } } } }, "*"))
        {
            Assert.True(rollout.IsSuccessStatusCode, await rollout.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        (await admin.SendAsync(HttpMethod.Put, $"/api/v1/projects/{project}/environments/staging/flags/search/enabled", new { enabled = true }, "*")).EnsureSuccessStatusCode();

        var page = await PageAsync($"/projects/{project}/audit?flag=checkout&environment=production");
        Assert.Contains("default rule: rollout 25.5% on, 74.5% off (was serve", page, StringComparison.Ordinal);
        Assert.Contains("turned on", page, StringComparison.Ordinal);
        Assert.DoesNotContain("25500", page, StringComparison.Ordinal);
        Assert.DoesNotContain("flags/search", page, StringComparison.Ordinal);

        var staging = await PageAsync($"/projects/{project}/audit?environment=staging");
        Assert.Contains("flags/search", staging, StringComparison.Ordinal);
        Assert.DoesNotContain("environments/production/flags/checkout", staging, StringComparison.Ordinal);

        var nobody = await PageAsync($"/projects/{project}/audit?actor=nobody-at-all");
        Assert.Contains("No entry matches these filters.", nobody, StringComparison.Ordinal);
        var tomorrow = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("No entry matches these filters.", await PageAsync($"/projects/{project}/audit?from={tomorrow}"), StringComparison.Ordinal);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("flags/search", await PageAsync($"/projects/{project}/audit?from={today}&to={today}"), StringComparison.Ordinal);

        using var session = await Session.SignInAsync(fixture.Server.Address, "admin", VexilTestServer.AdminPassword);
        using var bad = await session.SendAsync(HttpMethod.Get, $"/projects/{project}/audit?from=yesterday", string.Empty, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("from: “yesterday” is not a date (yyyy-mm-dd)", WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)), StringComparison.Ordinal);
    }

    private async Task<string> PageAsync(string path)
    {
        using var session = await Session.SignInAsync(fixture.Server.Address, "admin", VexilTestServer.AdminPassword);
        using var response = await session.SendAsync(HttpMethod.Get, path, string.Empty, withToken: false);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return WebUtility.HtmlDecode(text);
    }

    private static FlagDefinition Read(string json) => RulesetJson.ReadFlag(JsonDocument.Parse(Encoding.UTF8.GetBytes(json)).RootElement).Flag!;
}
