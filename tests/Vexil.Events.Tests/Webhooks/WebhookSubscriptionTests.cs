using Vexil.Events.Webhooks;

namespace Vexil.Events.Tests.Webhooks;

public sealed class WebhookSubscriptionTests
{
    private static WebhookSubscription With(string[]? events, string? environment = null) =>
        new("s", "p", new Uri("http://127.0.0.1/hook"), "secret", events, environment);

    [Theory]
    [InlineData(null, "flag.updated", true)]
    [InlineData(new[] { "*" }, "segment.deleted", true)]
    [InlineData(new[] { "flag.*" }, "flag.toggled", true)]
    [InlineData(new[] { "flag.*" }, "segment.created", false)]
    [InlineData(new[] { "flag.toggled" }, "flag.toggled", true)]
    [InlineData(new[] { "flag.toggled" }, "flag.updated", false)]
    [InlineData(new[] { "segment.*", "flag.deleted" }, "flag.deleted", true)]
    [InlineData(new[] { "flag" }, "flag.created", false)]
    public void Matches_ByEventType(string[]? events, string type, bool expected) =>
        Assert.Equal(expected, With(events).Matches(type, "production"));

    [Fact]
    public void Matches_WithAnEnvironmentFilter_OnlyThatEnvironment()
    {
        var production = With(["*"], "production");

        Assert.True(production.Matches("flag.updated", "production"));
        Assert.False(production.Matches("flag.updated", "staging"));
        Assert.False(production.Matches("flag.updated", null));
        Assert.True(With(["*"]).Matches("flag.updated", null));
    }
}
