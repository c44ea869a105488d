using Vexil.Hosting.Delivery;

namespace Vexil.Edge;

/// <summary>
/// The edge's answer to "which keys with open streams are no longer accepted", from what it holds in memory: a server
/// key whose upstream refused it, a client key its upstream no longer lists, one past its expiry, or one of an
/// environment whose server key is refused.
/// </summary>
internal sealed class EdgeStreamKeys(EdgeEnvironments environments, TimeProvider time) : IStreamKeyAuthority
{
    public ValueTask<IReadOnlyList<string>> FindRefusedAsync(IReadOnlyList<StreamCaller> callers, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var refused = new List<string>();
        foreach (var caller in callers)
        {
            if (!environments.Accepts(caller.KeyHash, caller.EnvironmentId, now))
            {
                refused.Add(caller.KeyHash);
            }
        }

        return ValueTask.FromResult<IReadOnlyList<string>>(refused);
    }
}
