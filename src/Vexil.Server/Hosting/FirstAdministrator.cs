namespace Vexil.Server.Hosting;

/// <summary>
/// Completes once the first start has made sure an administrator exists (<see cref="StoreInitializer"/>, right after
/// the server starts listening). Password sign-ins wait for it (bounded), so one arriving in that moment is not refused.
/// </summary>
internal sealed class FirstAdministrator
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Ensured() => _ready.TrySetResult();

    /// <summary>Waits (at most 10 s) until the first administrator exists; at once after that.</summary>
    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        if (_ready.Task.IsCompleted)
        {
            return;
        }

        try
        {
            await _ready.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        }
        catch (TimeoutException)
        {
            // Answer anyway: the sign-in then fails like any other with an unknown account.
        }
    }
}
