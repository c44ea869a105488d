using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vexil.Server.Tests.Cli;

/// <summary><c>vexil export</c> and <c>vexil apply</c> against a real vexil process: round trip, diff, idempotence, failures.</summary>
public sealed class FlagsAsCodeCliTests(CliServerFixture fixture) : IClassFixture<CliServerFixture>, IDisposable
{
    private const string FlagdFile = """
        {"flags": {
          "beta": {"state": "ENABLED", "defaultVariant": "off", "variants": {"on": true, "off": false},
                   "targeting": {"if": [{"ends_with": [{"var": "email"}, "@example.com"]}, "on", {"fractional": [["on", 10], ["off", 90]]}]}},
          "color": {"state": "DISABLED", "defaultVariant": "blue", "variants": {"blue": "b", "red": "r"}}}}
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("vexil-flags-as-code-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact(Timeout = 90_000)]
    public async Task ExportThenApply_CopiesTheFlags_AndApplyingTwiceChangesNothing()
    {
        var source = await SourceProjectAsync();
        var target = await fixture.ProjectAsync();
        var file = Path.Combine(_folder, "flags.json");

        var export = await fixture.RunAsync("export", "--project", source, "--env", "production", "--output", file);
        var apply = await fixture.RunAsync("apply", "--project", target, "--env", "production", file);
        var again = await fixture.RunAsync("apply", "--project", target, "--env", "production", file);
        var exported = await fixture.RunAsync("export", "--project", target, "--env", "production");

        Assert.Equal(0, export.Exit);
        Assert.Equal(0, apply.Exit);
        Assert.Contains("+ flag beta: create", apply.Out, StringComparison.Ordinal);
        Assert.Contains("+ flag color: create", apply.Out, StringComparison.Ordinal);
        Assert.Contains("applied: 2 change(s) in one transaction", apply.Out, StringComparison.Ordinal);
        Assert.Equal("no changes: the environment matches the file\n", again.Out);
        var before = JsonNode.Parse(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken))!;
        var after = JsonNode.Parse(exported.Out)!;
        Assert.True(JsonNode.DeepEquals(before["flags"], after["flags"]), exported.Out);
        Assert.Equal("flagd-fractional-v2", after["flags"]![0]!["rules"]![1]!["serve"]!["rollout"]!["algorithm"]!.GetValue<string>());
    }

    [Fact(Timeout = 90_000)]
    public async Task Apply_SendsAWebhooksSecretFromTheOperatorsEnvironment_AndShowsAGeneratedOneOnce()
    {
        var project = await fixture.ProjectAsync();
        var file = Path.Combine(_folder, "hooks.json");
        var secret = "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await File.WriteAllTextAsync(file, """
            {"formatVersion": 1, "webhooks": [
              {"name": "shop", "url": "https://hooks.example.com/shop", "events": ["flag.*"], "secretFromEnv": "SHOP_HOOK_SECRET"},
              {"name": "ops", "url": "https://hooks.example.com/ops", "events": ["*"]}]}
            """, TestContext.Current.CancellationToken);
        string[] apply = ["apply", "--project", project, "--env", "production", file];

        var unset = await fixture.RunAsync(fixture.AdminToken, null, apply);
        var applied = await fixture.RunAsync(fixture.AdminToken, null, apply, environment: new Dictionary<string, string> { ["SHOP_HOOK_SECRET"] = secret });
        var again = await fixture.RunAsync(fixture.AdminToken, null, apply, environment: new Dictionary<string, string> { ["SHOP_HOOK_SECRET"] = secret });

        Assert.Equal(1, unset.Exit);
        Assert.Contains("webhooks[0].secretFromEnv names the environment variable SHOP_HOOK_SECRET, which is not set", unset.Error, StringComparison.Ordinal);
        Assert.Equal(0, applied.Exit);
        Assert.Contains("+ webhook shop: create", applied.Out, StringComparison.Ordinal);
        Assert.Contains("+ webhook ops: create", applied.Out, StringComparison.Ordinal);
        Assert.Single(applied.Out.Split('\n'), l => l.Contains("signing secret (shown once", StringComparison.Ordinal)); // ops's, made by the server
        Assert.DoesNotContain(secret, applied.Out, StringComparison.Ordinal);
        Assert.Equal("no changes: the environment matches the file\n", again.Out);
        var hooks = await fixture.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/webhooks", TestContext.Current.CancellationToken);
        Assert.Equal(secret[..12] + "…", hooks.EnumerateArray().Single(h => h.GetProperty("name").GetString() == "shop").GetProperty("secretHint").GetString());
    }

    [Fact(Timeout = 90_000)]
    public async Task Apply_ShowsTheDifference_DryRunWritesNothing_ThenUpdates()
    {
        var project = await SourceProjectAsync();
        var file = Path.Combine(_folder, "edit.json");
        Assert.Equal(0, (await fixture.RunAsync("export", "--project", project, "--env", "production", "--output", file)).Exit);
        var document = JsonNode.Parse(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken))!;
        var color = document["flags"]!.AsArray().Single(f => f!["key"]!.GetValue<string>() == "color")!;
        color["enabled"] = true;
        color["description"] = "The banner colour";
        await File.WriteAllTextAsync(file, document.ToJsonString(), TestContext.Current.CancellationToken);

        var dry = await fixture.RunAsync("apply", "--project", project, "--env", "production", file, "--dry-run");
        var unchanged = await fixture.RunAsync("flags", "get", "--project", project, "--env", "production", "color");
        var apply = await fixture.RunAsync("apply", "--project", project, "--env", "production", file);
        var changed = await fixture.RunAsync("flags", "get", "--project", project, "--env", "production", "color");

        Assert.Equal("~ flag color: description, enabled\ndry run: 1 change(s) would be made; nothing was written\n", dry.Out);
        Assert.Contains("\"enabled\": false", unchanged.Out, StringComparison.Ordinal);
        Assert.Equal(0, apply.Exit);
        Assert.Contains("~ flag color: description, enabled", apply.Out, StringComparison.Ordinal);
        Assert.Contains("\"enabled\": true", changed.Out, StringComparison.Ordinal);
        Assert.Contains("The banner colour", changed.Out, StringComparison.Ordinal);
    }

    [Fact(Timeout = 90_000)]
    public async Task Apply_OfAnInvalidFile_OrAnInvalidFlag_Fails()
    {
        var project = await fixture.ProjectAsync();
        var notFlags = Path.Combine(_folder, "not-flags.json");
        await File.WriteAllTextAsync(notFlags, """{"hello": 1}""", TestContext.Current.CancellationToken);
        var badFlag = Path.Combine(_folder, "bad-flag.json");
        await File.WriteAllTextAsync(badFlag, """
            {"formatVersion": 1, "flags": [{"key": "f", "type": "boolean", "variations": [{"key": "on", "value": true}],
              "enabled": true, "fallthrough": {"variation": "nope"}}]}
            """, TestContext.Current.CancellationToken);

        var invalid = await fixture.RunAsync("apply", "--project", project, "--env", "production", notFlags);
        var refused = await fixture.RunAsync("apply", "--project", project, "--env", "production", badFlag);
        var missing = await fixture.RunAsync("apply", "--project", project, "--env", "nowhere", badFlag);

        Assert.Equal(1, invalid.Exit);
        Assert.Contains("is not a flags file", invalid.Error, StringComparison.Ordinal);
        Assert.Equal(1, refused.Exit);
        Assert.Contains("(400)", refused.Error, StringComparison.Ordinal);
        Assert.Contains("fallthrough.variation", refused.Error, StringComparison.Ordinal);
        Assert.Equal(1, missing.Exit);
        Assert.Contains("(404)", missing.Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 90_000)]
    public async Task Apply_IsOneTransaction_AFlagTheServerRefusesLeavesEverythingAsItWas_AndTheDryRunSaysTheSame()
    {
        var project = await fixture.ProjectAsync();
        var file = Path.Combine(_folder, "half.json");
        await File.WriteAllTextAsync(file, """
            {"formatVersion": 1,
             "flags": [
               {"key": "first", "type": "boolean", "variations": [{"key": "on", "value": true}, {"key": "off", "value": false}],
                "enabled": true, "fallthrough": {"variation": "on"}},
               {"key": "second", "type": "boolean", "variations": [{"key": "on", "value": true}, {"key": "off", "value": false}],
                "enabled": true, "rules": [{"id": "testers", "clauses": [{"attribute": "targetingKey", "operator": "segmentMatch", "values": ["beta-testers"]}],
                                           "serve": {"variation": "on"}}],
                "fallthrough": {"variation": "off"}}]}
            """, TestContext.Current.CancellationToken);

        var dry = await fixture.RunAsync("apply", "--project", project, "--env", "production", file, "--dry-run");
        var real = await fixture.RunAsync("apply", "--project", project, "--env", "production", file);
        var first = await fixture.RunAsync("flags", "get", "--project", project, "first");

        Assert.Equal(1, dry.Exit);
        Assert.Equal(1, real.Exit);
        Assert.Contains("flags[1].rules[0].clauses[0]", real.Error, StringComparison.Ordinal);
        Assert.Contains("beta-testers", real.Error, StringComparison.Ordinal);
        Assert.Equal(dry.Error, real.Error);
        Assert.Equal(1, first.Exit);
        Assert.Contains("(404)", first.Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 90_000)]
    public async Task ExportThenApply_CarriesSegments_SoRulesThatUseThemApplyToAnotherProject()
    {
        var source = await fixture.ProjectAsync();
        var target = await fixture.ProjectAsync();
        var file = Path.Combine(_folder, "segments.json");
        await File.WriteAllTextAsync(file, """
            {"formatVersion": 1,
             "segments": [{"key": "beta-testers", "included": ["user-1"], "rules": [{"id": "staff", "clauses": [{"attribute": "email", "operator": "endsWith", "values": ["@example.com"]}]}]}],
             "flags": [{"key": "beta", "name": "Beta", "type": "boolean", "variations": [{"key": "on", "value": true}, {"key": "off", "value": false}],
                        "enabled": true, "rules": [{"id": "testers", "clauses": [{"attribute": "targetingKey", "operator": "segmentMatch", "values": ["beta-testers"]}],
                                                    "serve": {"variation": "on"}}],
                        "fallthrough": {"variation": "off"}}]}
            """, TestContext.Current.CancellationToken);
        Assert.Equal(0, (await fixture.RunAsync("apply", "--project", source, "--env", "production", file)).Exit);
        var exported = Path.Combine(_folder, "exported.json");

        Assert.Equal(0, (await fixture.RunAsync("export", "--project", source, "--env", "production", "--output", exported)).Exit);
        var apply = await fixture.RunAsync("apply", "--project", target, "--env", "staging", exported);
        var again = await fixture.RunAsync("export", "--project", target, "--env", "staging");

        Assert.Equal(0, apply.Exit);
        Assert.Contains("+ segment beta-testers: create", apply.Out, StringComparison.Ordinal);
        Assert.Contains("+ flag beta: create", apply.Out, StringComparison.Ordinal);
        var before = JsonNode.Parse(await File.ReadAllTextAsync(exported, TestContext.Current.CancellationToken))!;
        var after = JsonNode.Parse(again.Out)!;
        Assert.True(JsonNode.DeepEquals(before["segments"], after["segments"]), again.Out);
        Assert.True(JsonNode.DeepEquals(before["flags"], after["flags"]), again.Out);
        Assert.Equal("Beta", after["flags"]![0]!["name"]!.GetValue<string>());
    }

    private async Task<string> SourceProjectAsync()
    {
        var project = await fixture.ProjectAsync();
        var flagd = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".flagd.json");
        await File.WriteAllTextAsync(flagd, FlagdFile, TestContext.Current.CancellationToken);
        Assert.Equal(0, (await fixture.RunAsync("import", "flagd", "--project", project, "--env", "production", flagd)).Exit);
        return project;
    }
}
