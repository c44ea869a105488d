using Vexil.Server.Storage;

namespace Vexil.Server.Tests.Storage;

public sealed class EnvironmentVersionTrackerTests
{
    [Fact]
    public void Observe_OnlyMovesForward()
    {
        var tracker = new EnvironmentVersionTracker();

        tracker.Observe(1, 5);
        tracker.Observe(1, 3);

        Assert.Equal(5, tracker.Get(1));
        Assert.Equal(0, tracker.Get(2));
    }

    [Fact(Timeout = 10_000)]
    public async Task WaitForChange_CompletesOnANewerVersion_NotOnAnOlderOne()
    {
        var tracker = new EnvironmentVersionTracker();
        tracker.Observe(1, 5);
        var waiting = tracker.WaitForChangeAsync(TestContext.Current.CancellationToken);

        tracker.Observe(1, 4);
        Assert.False(waiting.IsCompleted);
        tracker.Observe(1, 6);

        await waiting;
    }
}
