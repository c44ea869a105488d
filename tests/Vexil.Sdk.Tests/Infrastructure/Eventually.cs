namespace Vexil.Sdk.Tests.Infrastructure;

/// <summary>Bounded polling for a condition that a background loop makes true.</summary>
public static class Eventually
{
    public static async Task True(Func<bool> condition, string because, int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                Assert.Fail("Timed out waiting: " + because);
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
