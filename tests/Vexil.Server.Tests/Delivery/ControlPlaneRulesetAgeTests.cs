using Vexil.Server.Delivery;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Delivery;

/// <summary>The control plane's ruleset age: 0 while an environment's stream is in step, else time since it was.</summary>
public sealed class ControlPlaneRulesetAgeTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly DateTimeOffset InStep = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(7, 7, 30, 0)]
    [InlineData(8, 7, 30, 0)]
    [InlineData(6, 7, 30, 30)]
    [InlineData(6, 9, 0.5, 0.5)]
    public void Age_IsZeroInStep_ElseTheTimeSinceItWas(long feedVersion, long committedVersion, double secondsLater, double expected) =>
        Assert.Equal(expected, ControlPlaneDeliverySource.Age(feedVersion, committedVersion, InStep, InStep.AddSeconds(secondsLater)), 3);

    [Fact(Timeout = 30_000)]
    public async Task Metrics_ForAnEnvironmentWhoseStreamFollowsItsWrites_ShowAgeZero()
    {
        var setup = await DeliverySetup.CreateAsync(fixture.Admin);
        await using var stream = await SseTestClient.ConnectAsync(fixture.Server.Address, setup.ServerKey);
        await stream.NextAsync();
        var version = await setup.ToggleAsync(fixture.Admin, "f", true);
        await stream.UntilVersionAsync(version);
        using var http = fixture.Server.Client();

        var text = await http.ScrapeAsync();

        Assert.Contains("# TYPE vexil_controlplane_ruleset_age_seconds gauge", text, StringComparison.Ordinal);
        var lines = text.Split('\n').Where(l => l.StartsWith("vexil_controlplane_ruleset_age_seconds{", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.EndsWith(" 0", l, StringComparison.Ordinal));
    }
}
