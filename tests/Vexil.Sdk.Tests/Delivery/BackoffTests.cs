using Vexil.Delivery.Retry;

namespace Vexil.Sdk.Tests.Delivery;

public sealed class BackoffTests
{
    [Fact]
    public void Delays_double_with_jitter_up_to_the_cap_and_reset()
    {
        var low = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), () => 0);
        var high = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), () => 1);
        var expected = new[] { 1, 2, 4, 8, 16, 30, 30 };
        foreach (var ceiling in expected)
        {
            Assert.Equal(TimeSpan.FromSeconds(ceiling / 2.0), low.Next());
            Assert.Equal(TimeSpan.FromSeconds(ceiling), high.Next());
        }

        high.Reset();
        Assert.Equal(TimeSpan.FromSeconds(1), high.Next());
    }
}
