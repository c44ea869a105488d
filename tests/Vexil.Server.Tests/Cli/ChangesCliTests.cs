using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Vexil.Server.Tests.Cli;

/// <summary><c>vexil changes list|show|approve|reject|apply</c> against a real vexil process, and what a held write prints.</summary>
public sealed partial class ChangesCliTests(CliServerFixture fixture) : IClassFixture<CliServerFixture>
{
    [Fact(Timeout = 120_000)]
    public async Task HeldToggle_IsListedShownApprovedByAnotherReviewer_AndApplied()
    {
        var project = await fixture.ProjectAsync("alpha");
        var admin = fixture.Admin.DefaultRequestHeaders.Authorization!.Parameter!;
        (await fixture.Admin.PutAsJsonAsync($"/api/v1/projects/{project}/environments/production/policy", new { requiredApprovals = 1, approverRoles = new[] { "editor", "administrator" } }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var toggle = await fixture.RunAsync("flags", "toggle", "--project", project, "--env", "production", "alpha", "on");
        Assert.Equal(0, toggle.Exit);
        var id = HeldId().Match(toggle.Out) is { Success: true } match ? match.Groups[1].Value : throw new Xunit.Sdk.XunitException(toggle.Out + toggle.Error);

        var list = await fixture.RunAsync("changes", "list", "--project", project, "--status", "open");
        var show = await fixture.RunAsync("changes", "show", "--project", project, id);
        var self = await fixture.RunAsync("changes", "approve", "--project", project, id);
        var approve = await fixture.RunAsync(admin, null, ["changes", "approve", "--project", project, id, "--comment", "ok"]);
        var apply = await fixture.RunAsync("changes", "apply", "--project", project, id);
        var again = await fixture.RunAsync("changes", "apply", "--project", project, id);
        var reject = await fixture.RunAsync(admin, null, ["changes", "reject", "--project", project, id]);
        var bad = await fixture.RunAsync("changes", "show", "--project", project, "first");

        Assert.Contains($"{id} ", list.Out, StringComparison.Ordinal);
        Assert.Contains("Turn on flag 'alpha' in production", list.Out, StringComparison.Ordinal);
        Assert.Contains("enabled: false -> true", show.Out, StringComparison.Ordinal);
        Assert.Equal(1, self.Exit);
        Assert.Contains("(403)", self.Error, StringComparison.Ordinal);
        Assert.Contains("own change requests", self.Error, StringComparison.Ordinal);
        Assert.Equal((0, $"change request {id} is approved"), (approve.Exit, approve.Out.Trim()));
        Assert.Equal(0, apply.Exit);
        Assert.Contains("applied", apply.Out, StringComparison.Ordinal);
        Assert.Equal(1, again.Exit);
        Assert.Contains("(409)", again.Error, StringComparison.Ordinal);
        Assert.Equal(1, reject.Exit);
        Assert.Equal(2, bad.Exit);
        var flag = await fixture.Admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/projects/{project}/environments/production/flags/alpha", TestContext.Current.CancellationToken);
        Assert.True(flag.GetProperty("flag").GetProperty("enabled").GetBoolean());
    }

    [GeneratedRegex(@"held for review: change request (\d+)")]
    private static partial Regex HeldId();
}
