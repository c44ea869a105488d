using System.Collections.Concurrent;

namespace Vexil.Server.Storage;

/// <summary>
/// The latest version this process knows of each environment: its own commits and (with PostgreSQL) other replicas'
/// commits learned by notification. Readers never lock; waiters are woken on every change.
/// </summary>
internal sealed class EnvironmentVersionTracker
{
    private readonly ConcurrentDictionary<long, long> _versions = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Records that <paramref name="environmentId"/> has reached at least <paramref name="version"/>.</summary>
    public void Observe(long environmentId, long version)
    {
        var updated = false;
        _versions.AddOrUpdate(
            environmentId,
            _ => { updated = true; return version; },
            (_, current) =>
            {
                if (version <= current)
                {
                    return current;
                }

                updated = true;
                return version;
            });
        if (updated)
        {
            Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }

    /// <summary>The latest known version, or 0 when nothing is known yet.</summary>
    public long Get(long environmentId) => _versions.TryGetValue(environmentId, out var v) ? v : 0;

    /// <summary>Completes at the next observed change.</summary>
    public Task WaitForChangeAsync(CancellationToken cancellationToken) => Volatile.Read(ref _changed).Task.WaitAsync(cancellationToken);
}
