using System.Text;
using Vexil.Delivery.Following;
using Vexil.Delivery.Retry;

namespace Vexil.Sdk.Tests.DeliveryLibrary;

/// <summary>The one follower of Vexil.Delivery (the SDK's and the edge's), event by event.</summary>
public sealed class RulesetFollowerTests
{
    private static readonly string Held = ChangeEventTests.Ruleset(4, [ChangeEventTests.Flag("a", true, 1), ChangeEventTests.Flag("b", true, 1)], []);

    [Fact]
    public async Task A_change_is_saved_as_last_known_good_before_it_is_published()
    {
        var saved = new SavedVersions();
        var target = new RecordingTarget(ChangeEventTests.Load(Held), saved);
        using var upstream = new RulesetUpstream(Held);
        using var http = new HttpClient(upstream);
        var follower = Follower(http, target, saved);

        var outcome = await follower.HandleAsync("change", "5", Change(5, ChangeEventTests.Flag("b", false, 2)), TestContext.Current.CancellationToken);

        Assert.Equal(EventOutcome.Continue, outcome);
        Assert.Equal([5L], saved.Versions);
        Assert.Equal([true], target.SavedBeforePublish);
        var update = Assert.Single(target.Published);
        Assert.Equal(FollowedSource.StreamChange, update.Source);
        Assert.Equal(["b"], update.ChangedFlagKeys);
        Assert.Equal(0, upstream.RulesetRequests);
    }

    [Fact]
    public async Task A_gap_is_not_applied_and_the_whole_ruleset_is_fetched()
    {
        var saved = new SavedVersions();
        var target = new RecordingTarget(ChangeEventTests.Load(Held), saved);
        var whole = ChangeEventTests.Ruleset(6, [ChangeEventTests.Flag("a", false, 3), ChangeEventTests.Flag("b", true, 1)], []);
        using var upstream = new RulesetUpstream(whole);
        using var http = new HttpClient(upstream);
        var follower = Follower(http, target, saved);

        // Version 5 was lost: 6 does not follow the 4 held.
        await follower.HandleAsync("change", "6", Change(6, ChangeEventTests.Flag("b", false, 2)), TestContext.Current.CancellationToken);

        Assert.Equal([(FollowerRejection.Gap, 6L)], target.Rejected);
        Assert.Equal(1, upstream.RulesetRequests);
        Assert.Equal(1, follower.Refetches);
        var update = Assert.Single(target.Published);
        Assert.Equal(FollowedSource.Refetch, update.Source);
        Assert.Null(update.Change);
        Assert.Equal(6, update.Version);
        Assert.Equal("off", update.Ruleset.Evaluate("a", Core.Context.EvaluationContext.Empty).VariationKey);
        Assert.Equal([true], target.SavedBeforePublish);
    }

    [Fact]
    public async Task A_change_already_applied_is_ignored_and_never_goes_back()
    {
        var saved = new SavedVersions();
        var target = new RecordingTarget(ChangeEventTests.Load(Held), saved);
        using var upstream = new RulesetUpstream(Held);
        using var http = new HttpClient(upstream);
        var follower = Follower(http, target, saved);

        await follower.HandleAsync("change", "4", Change(4, ChangeEventTests.Flag("b", false, 2)), TestContext.Current.CancellationToken);

        Assert.Empty(target.Published);
        Assert.Empty(saved.Versions);
        Assert.Equal(0, upstream.RulesetRequests);
    }

    [Fact]
    public void Two_followers_retry_at_different_moments()
    {
        // What Vexil.Delivery's one backoff gives every follower (SDK, edge, the edge's client-key follower): each draws
        // its own jitter, so clients that failed together do not come back together.
        var first = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        var second = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        var a = new List<TimeSpan>();
        var b = new List<TimeSpan>();
        for (var i = 0; i < 6; i++)
        {
            a.Add(first.Next());
            b.Add(second.Next());
        }

        Assert.NotEqual(a, b);
        for (var i = 0; i < 6; i++)
        {
            var ceiling = TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, i)));
            Assert.InRange(a[i], ceiling / 2, ceiling);
            Assert.InRange(b[i], ceiling / 2, ceiling);
        }
    }

    [Fact]
    public void Retry_After_is_honoured_and_spread()
    {
        var low = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), () => 0);
        var high = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), () => 0.999);

        Assert.Equal(TimeSpan.FromSeconds(10), low.After(TimeSpan.FromSeconds(10)));
        Assert.InRange(high.After(TimeSpan.FromSeconds(10)), TimeSpan.FromSeconds(11.9), TimeSpan.FromSeconds(12));
        Assert.Equal(1, low.Attempts);
    }

    private static RulesetFollower Follower(HttpClient http, RecordingTarget target, SavedVersions saved) =>
        new(http, new FollowerOptions { BaseAddress = new Uri("http://upstream.test/"), Key = "vx_srv_test" }, target, saved);

    private static ReadOnlyMemory<byte> Change(long version, string flag) =>
        Encoding.UTF8.GetBytes($$$"""{"version":{{{version}}},"flags":{"upsert":[{{{flag}}}],"delete":[]},"segments":{"upsert":[],"delete":[]}}""");
}
