using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Vexil.Server.Tests.Cli;

/// <summary>The vexil CLI's entry point against a real vexil process: output, exit codes, and failures.</summary>
public sealed class VexilCliTests(CliServerFixture fixture) : IClassFixture<CliServerFixture>
{
    private const string FlagdFile = """
        {"flags": {
          "beta": {"state": "ENABLED", "defaultVariant": "off", "variants": {"on": true, "off": false},
                   "targeting": {"if": [{"ends_with": [{"var": "email"}, "@example.com"]}, "on"]}},
          "color": {"state": "ENABLED", "defaultVariant": "blue", "variants": {"blue": "b", "red": "r"}}}}
        """;

    [Fact(Timeout = 60_000)]
    public async Task Login_ReadsTheTokenFromStdin_AndStoresItOwnerOnly_ThenCommandsUseIt()
    {
        var config = Path.Combine(Path.GetTempPath(), "vexil-cli-" + Guid.NewGuid().ToString("N"), "config.json");
        var project = await fixture.ProjectAsync("f");

        var login = await fixture.RunAsync(null, fixture.EditorToken + "\n", ["login", "--url", fixture.Server.Address.ToString()], config);

        Assert.Equal(0, login.Exit);
        Assert.Contains("Logged in", login.Out, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(config));
        }

        Assert.Contains(fixture.EditorToken, await File.ReadAllTextAsync(config, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        var list = await RunWithConfigOnlyAsync(config, "projects", "list");
        Assert.Equal(0, list.Exit);
        Assert.Contains(project, list.Out, StringComparison.Ordinal);
        Assert.Contains("production", list.Out, StringComparison.Ordinal);
        Directory.Delete(Path.GetDirectoryName(config)!, recursive: true);
    }

    [Fact(Timeout = 60_000)]
    public async Task Login_WithABadToken_Fails_AndStoresNothing()
    {
        var config = Path.Combine(Path.GetTempPath(), "vexil-cli-" + Guid.NewGuid().ToString("N"), "config.json");

        var login = await fixture.RunAsync(null, "not-a-token\n", ["login", "--url", fixture.Server.Address.ToString()], config);
        var none = await fixture.RunAsync(null, string.Empty, ["login", "--url", fixture.Server.Address.ToString()], config);

        Assert.Equal(1, login.Exit);
        Assert.Contains("(401)", login.Error, StringComparison.Ordinal);
        Assert.Contains("vexil login", login.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(config));
        Assert.Equal(2, none.Exit);
        Assert.Contains("VEXIL_TOKEN", none.Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task BadToken_IsAFailureWithTheServersProblem()
    {
        var result = await fixture.RunAsync("wrong", null, ["projects", "list"]);

        Assert.Equal(1, result.Exit);
        Assert.Contains("(401)", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }

    [Fact(Timeout = 60_000)]
    public async Task FlagsList_ShowsEachFlagsStateInTheEnvironment_AndSearches()
    {
        var project = await fixture.ProjectAsync("alpha", "beta-checkout");
        Assert.Equal(0, (await fixture.RunAsync("flags", "toggle", "--project", project, "--env", "production", "alpha", "on")).Exit);

        var all = await fixture.RunAsync("flags", "list", "--project", project, "--env", "production");
        var search = await fixture.RunAsync("flags", "list", "--project", project, "--search", "checkout");

        Assert.Equal(0, all.Exit);
        var lines = all.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("KEY", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^alpha\s+boolean\s+on\s+Flag alpha\s+cli$", lines[1]);
        Assert.Matches(@"^beta-checkout\s+boolean\s+off\s+", lines[2]);
        Assert.DoesNotContain("alpha", search.Out, StringComparison.Ordinal);
        Assert.Contains("beta-checkout", search.Out, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Toggle_WritesWithIfMatch_AndAStaleETagIsA412()
    {
        var project = await fixture.ProjectAsync("kill");
        var get = await fixture.RunAsync("flags", "get", "--project", project, "--env", "production", "kill");
        var etag = get.Error.Split("etag: ")[1].Trim();

        var on = await fixture.RunAsync("flags", "toggle", "--project", project, "--env", "production", "kill", "on", "--comment", "launch");
        var stale = await fixture.RunAsync("flags", "toggle", "--project", project, "--env", "production", "kill", "off", "--if-match", etag);
        var after = await fixture.RunAsync("flags", "get", "--project", project, "--env", "production", "kill");

        Assert.Equal(0, on.Exit);
        Assert.Equal("kill is on in production (environment version 2)\n", on.Out);
        Assert.Equal(1, stale.Exit);
        Assert.Contains("(412)", stale.Error, StringComparison.Ordinal);
        Assert.Contains("changed it since it was read", stale.Error, StringComparison.Ordinal);
        Assert.Contains("\"enabled\": true", after.Out, StringComparison.Ordinal);
        using var audit = await fixture.Admin.GetAsync(new Uri($"/api/v1/projects/{project}/audit", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Contains("launch", await audit.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task UnknownProject_AndViewerWriting_AreFailuresWithTheProblem()
    {
        var missing = await fixture.RunAsync("flags", "list", "--project", "no-such-project", "--env", "production");
        var project = await fixture.ProjectAsync("f");
        var viewer = await fixture.RunAsync(fixture.ViewerToken, null, ["flags", "toggle", "--project", project, "--env", "production", "f", "on"]);

        Assert.Equal(1, missing.Exit);
        Assert.Contains("(404)", missing.Error, StringComparison.Ordinal);
        Assert.Equal(1, viewer.Exit);
        Assert.Contains("(403)", viewer.Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task WhatIsMissing_IsNamed_TheProjectTheEnvironmentOrTheFlag()
    {
        var project = await fixture.ProjectAsync("f");

        var environment = await fixture.RunAsync("flags", "get", "--project", project, "--env", "prod", "f");
        var toggle = await fixture.RunAsync("flags", "toggle", "--project", project, "--env", "prod", "f", "on");
        var stale = await fixture.RunAsync("insights", "stale", "--project", project, "--env", "prod");
        var flag = await fixture.RunAsync("flags", "get", "--project", project, "--env", "production", "no-such-flag");
        var noProject = await fixture.RunAsync("flags", "list", "--project", "no-such-project", "--env", "production");

        foreach (var run in new[] { environment, toggle, stale })
        {
            Assert.Equal(1, run.Exit);
            Assert.Contains($"environment 'prod' not found in project '{project}'", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("No such resource", run.Error, StringComparison.Ordinal);
        }

        Assert.Contains($"flag 'no-such-flag' not found in project '{project}'", flag.Error, StringComparison.Ordinal);
        Assert.Contains("project 'no-such-project' not found", noProject.Error, StringComparison.Ordinal);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("flags", "list")]
    [InlineData("flags", "list", "--project", "p", "--colour", "x")]
    [InlineData("flags", "toggle", "--project", "p", "--env", "e", "f", "maybe")]
    [InlineData("flags", "toggle", "--project", "p", "--env", "e")]
    [InlineData("flags")]
    [InlineData("flags", "explode")]
    [InlineData("insights", "stale", "--project", "p", "--env", "e", "--days", "ten")]
    public async Task UsageErrors_ExitWith2(params string[] args)
    {
        var result = await fixture.RunAsync(args);

        Assert.Equal(2, result.Exit);
        Assert.StartsWith("vexil: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("vexil help", result.Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Help_OverallAndPerCommand()
    {
        var overall = await fixture.RunAsync("help");
        var toggle = await fixture.RunAsync("flags", "toggle", "--help");
        var import = await fixture.RunAsync("help", "import", "flagd");

        Assert.Equal(0, overall.Exit);
        Assert.Contains("vexil insights usage", overall.Out, StringComparison.Ordinal);
        Assert.Contains("If-Match", toggle.Out, StringComparison.Ordinal);
        Assert.Contains("--dry-run", import.Out, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task ImportFlagd_DryRunThenForReal_AndAnInvalidFileIsRefusedWithPaths()
    {
        var project = await fixture.ProjectAsync();
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, FlagdFile, TestContext.Current.CancellationToken);
        var invalid = Path.GetTempFileName();
        await File.WriteAllTextAsync(invalid, FlagdFile.Replace("\"defaultVariant\": \"blue\", ", string.Empty, StringComparison.Ordinal), TestContext.Current.CancellationToken);

        var dry = await fixture.RunAsync("import", "flagd", "--project", project, "--env", "production", file, "--dry-run");
        var real = await fixture.RunAsync("import", "flagd", "--project", project, "--env", "production", file);
        var again = await fixture.RunAsync("import", "flagd", "--project", project, "--env", "production", file);
        var refused = await fixture.RunAsync("import", "flagd", "--project", project, "--env", "staging", invalid);
        var missing = await fixture.RunAsync("import", "flagd", "--project", project, "--env", "production", file + ".nope");

        Assert.Equal(0, dry.Exit);
        Assert.Contains("would be created: beta, color", dry.Out, StringComparison.Ordinal);
        Assert.Contains("dry run: nothing changed", dry.Out, StringComparison.Ordinal);
        Assert.Equal(0, real.Exit);
        Assert.Contains("created: beta, color", real.Out, StringComparison.Ordinal);
        Assert.Contains("production is at version 1", real.Out, StringComparison.Ordinal);
        Assert.Contains("unchanged: beta, color", again.Out, StringComparison.Ordinal);
        Assert.Equal(1, refused.Exit);
        Assert.Contains("The flagd file cannot be imported (400)", refused.Error, StringComparison.Ordinal);
        Assert.Contains("  flags.color.defaultVariant: an enabled flag without a default variant", refused.Error, StringComparison.Ordinal);
        Assert.Equal(1, missing.Exit);
        Assert.Contains("cannot read", missing.Error, StringComparison.Ordinal);
        File.Delete(file);
        File.Delete(invalid);
    }

    [Fact(Timeout = 60_000)]
    public async Task ImportLaunchDarklyAndUnleash_ImportTheirDocuments_AndRefuseWithPaths()
    {
        var project = await fixture.ProjectAsync();
        var launchDarkly = Path.GetTempFileName();
        await File.WriteAllTextAsync(launchDarkly, """
            {"flags":{"ld-flag":{"key":"ld-flag","on":true,"variations":[true,false],"fallthrough":{"variation":0},
              "rules":[{"id":"r","clauses":[{"attribute":"key","op":"segmentMatch","values":["partners"]}],"variation":1}]}},
             "segments":{"partners":{"key":"partners","included":["u1"]}}}
            """, TestContext.Current.CancellationToken);
        var unleash = Path.GetTempFileName();
        await File.WriteAllTextAsync(unleash, """{"features":[{"name":"toggle","enabled":true,"strategies":[]},{"name":"custom","enabled":true,"strategies":[{"name":"myStrategy"}]}]}""", TestContext.Current.CancellationToken);

        var ld = await fixture.RunAsync("import", "launchdarkly", "--project", project, "--env", "production", launchDarkly);
        var refused = await fixture.RunAsync("import", "unleash", "--project", project, "--env", "production", unleash);
        var partial = await fixture.RunAsync("import", "unleash", "--project", project, "--env", "production", unleash, "--partial");

        Assert.Equal(0, ld.Exit);
        Assert.Contains("created: ld-flag", ld.Out, StringComparison.Ordinal);
        Assert.Contains("segments: partners", ld.Out, StringComparison.Ordinal);
        Assert.Equal(1, refused.Exit);
        Assert.Contains("features[1].strategies[0].name", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, partial.Exit);
        Assert.Contains("created: toggle", partial.Out, StringComparison.Ordinal);
        Assert.Contains("skipped (cannot be imported): custom", partial.Out, StringComparison.Ordinal);
        File.Delete(launchDarkly);
        File.Delete(unleash);
    }

    [Fact(Timeout = 60_000)]
    public async Task Insights_UsageAndStale_AsTablesAndJson()
    {
        var project = await fixture.ProjectAsync("quiet");

        var usage = await fixture.RunAsync("insights", "usage", "--project", project, "--env", "production", "quiet", "--granularity", "day", "--from", "2026-11-01T00:00:00Z", "--to", "2026-11-20T00:00:00Z");
        var json = await fixture.RunAsync("insights", "usage", "--project", project, "--env", "production", "quiet", "--json");
        var stale = await fixture.RunAsync("insights", "stale", "--project", project, "--env", "production", "--days", "0");
        var bad = await fixture.RunAsync("insights", "usage", "--project", project, "--env", "production", "quiet", "--granularity", "week");

        Assert.Equal(0, usage.Exit);
        Assert.Contains("quiet in production, 2026-11-01 00:00Z to 2026-11-20 00:00Z, by day", usage.Out, StringComparison.Ordinal);
        Assert.Contains("no evaluations recorded", usage.Out, StringComparison.Ordinal);
        Assert.Equal(0, json.Exit);
        Assert.Contains("\"points\":[]", json.Out, StringComparison.Ordinal);
        Assert.Equal(0, stale.Exit);
        Assert.Matches(@"KEY\s+REASONS\s+LAST EVALUATED\nquiet\s+\S*notEvaluated\S*\s+never", stale.Out);
        Assert.Equal(1, bad.Exit);
        Assert.Contains("  granularity: must be minute, hour or day", bad.Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 90_000)]
    public async Task InsightsUsage_WithEvents_ShowsBucketsAndTotalsPerVariation()
    {
        var project = await fixture.ProjectAsync("used");
        using var keyResponse = await fixture.Admin.PostAsJsonAsync($"/api/v1/projects/{project}/environments/production/sdk-keys", new { kind = "server" }, TestContext.Current.CancellationToken);
        var key = (await keyResponse.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("key").GetString();
        using var sdk = new HttpClient { BaseAddress = fixture.Server.Address };
        sdk.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var batch = $$"""
            {"id":"cli-{{project}}","summaries":[
              {"flag":"used","variation":"on","version":1,"count":1200,"start":"2026-11-24T10:00:00Z","end":"2026-11-24T10:01:00Z"},
              {"flag":"used","variation":"off","version":1,"count":5,"start":"2026-11-24T10:00:00Z","end":"2026-11-24T10:01:00Z"},
              {"flag":"used","variation":"on","version":1,"count":3,"start":"2026-11-24T11:30:00Z","end":"2026-11-24T11:31:00Z"}]}
            """;
        using var posted = await sdk.PostAsync(new Uri("/events/v1/bulk", UriKind.Relative), new StringContent(batch, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);

        string[] args = ["insights", "usage", "--project", project, "--env", "production", "used", "--from", "2026-11-24T09:00:00Z", "--to", "2026-11-24T12:00:00Z"];
        var result = await fixture.RunAsync(args);
        for (var i = 0; i < 150 && !result.Out.Contains("1,203", StringComparison.Ordinal); i++)
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
            result = await fixture.RunAsync(args);
        }

        Assert.Equal(0, result.Exit);
        Assert.Matches(@"2026-11-24 10:00Z\s+on\s+1,200\s+0", result.Out);
        Assert.Matches(@"2026-11-24 11:00Z\s+on\s+3\s+0", result.Out);
        Assert.Matches(@"total\s+off\s+5\s+0", result.Out);
        Assert.Matches(@"total\s+on\s+1,203\s+0", result.Out);
    }

    [Fact(Timeout = 120_000)]
    public async Task TheVexilBinary_DispatchesClientCommands_BeforeAnyWebHost()
    {
        var help = await RunBinaryAsync("help");
        var usage = await RunBinaryAsync("flags");

        Assert.Equal(0, help.Exit);
        Assert.Contains("vexil login --url URL", help.Out, StringComparison.Ordinal);
        Assert.Equal(2, usage.Exit);
        Assert.Contains("'flags' needs a subcommand", usage.Error, StringComparison.Ordinal);
    }

    private async Task<CliResult> RunWithConfigOnlyAsync(string config, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new Vexil.Cli.CommandLine.CliConsole(output, error, new StringReader(string.Empty), _ => null, config);
        var exit = await Vexil.Cli.CommandLine.VexilCli.RunAsync(args, console, TestContext.Current.CancellationToken);
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    private static async Task<CliResult> RunBinaryAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "vexil.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["VEXIL_CONFIG"] = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "config.json");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return new CliResult(process.ExitCode, await output, await error);
    }
}
