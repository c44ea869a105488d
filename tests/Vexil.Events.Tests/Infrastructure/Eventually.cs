namespace Vexil.Events.Tests.Infrastructure;

/// <summary>Polls a condition until it holds or the time runs out.</summary>
public static class Eventually
{
    public static async Task<bool> HoldsAsync(Func<Task<bool>> condition, TimeSpan within, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(50, cancellationToken);
        }

        return await condition();
    }
}
