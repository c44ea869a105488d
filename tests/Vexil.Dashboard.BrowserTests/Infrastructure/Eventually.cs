namespace Vexil.Dashboard.BrowserTests.Infrastructure;

/// <summary>Bounded polling for a condition a background loop makes true.</summary>
public static class Eventually
{
    public static async Task True(Func<bool> condition, string because, int timeoutMs = 20_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                Assert.Fail("Timed out waiting: " + because);
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
