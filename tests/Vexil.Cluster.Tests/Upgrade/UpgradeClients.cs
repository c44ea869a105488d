using Vexil.Cluster.Tests.Cluster;
using Vexil.Cluster.Tests.Faults;

namespace Vexil.Cluster.Tests.Upgrade;

/// <summary>
/// The upgrade test's SDK clients beside the workload's own (the current SDK, in this process): the previous release's
/// SDK as processes (<see cref="ProbeClient"/>) on the control-plane frontend, the edge frontend and the tier-2 edge;
/// the one on the edge frontend is the share that is upgraded to the current SDK and rolled back.
/// </summary>
internal sealed class UpgradeClients(PreviousRelease previous, VexilCluster cluster, FaultWorkload workload) : IAsyncDisposable
{
    public const string ControlPlane = "control-plane frontend";
    public const string EdgeFrontend = "edge frontend";
    public const string Tier2Edge = "edge-b1";

    private readonly Dictionary<string, IEvaluatingClient> _active = [];
    private readonly Dictionary<string, (CancellationTokenSource Stop, Task Loop)> _loops = [];
    private readonly List<IEvaluatingClient> _every = [.. workload.Sdks];

    /// <summary>The clients evaluating now: the workload's and this set's.</summary>
    public IReadOnlyCollection<IEvaluatingClient> Active => [.. workload.Sdks, .. _active.Values];

    /// <summary>Every client that evaluated, also those stopped since (their counts stay).</summary>
    public IReadOnlyCollection<IEvaluatingClient> Every => _every;

    public async Task StartPreviousAsync(string where, CancellationToken cancellationToken)
    {
        var probe = ProbeClient.Start($"sdk {previous.ShortSha} {where}", previous.SdkProbe, Address(where), cluster.ServerKey, workload.Flags);
        Add(where, probe);
        Assert.True(await probe.WaitForInitializationAsync(cancellationToken), $"{probe.Name} did not initialise: {probe.Output}");
    }

    /// <summary>Replaces the previous release's SDK at <paramref name="where"/> by the current SDK.</summary>
    public async Task UpgradeAsync(string where, CancellationToken cancellationToken)
    {
        await StopAsync(where);
        var sdk = new SdkEvaluator($"sdk current {where}", Address(where), cluster.ServerKey, workload.Flags);
        Add(where, sdk);
        Assert.True(await sdk.WaitForInitializationAsync(cancellationToken), $"{sdk.Name} did not initialise");
        var stop = new CancellationTokenSource();
        _loops[where] = (stop, sdk.RunAsync(stop.Token));
    }

    /// <summary>Replaces the current SDK at <paramref name="where"/> by the previous release's again.</summary>
    public async Task RollBackAsync(string where, CancellationToken cancellationToken)
    {
        await StopAsync(where);
        await StartPreviousAsync(where, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var where in _active.Keys.ToList())
        {
            await StopAsync(where);
        }
    }

    private void Add(string where, IEvaluatingClient client)
    {
        _active[where] = client;
        _every.Add(client);
    }

    private async Task StopAsync(string where)
    {
        // An in-process client's loop ends before the client is disposed (an evaluation of a disposed client is not one to count).
        if (_loops.Remove(where, out var loop))
        {
            await loop.Stop.CancelAsync();
            await loop.Loop.ContinueWith(_ => { }, TaskScheduler.Default);
            loop.Stop.Dispose();
        }

        if (_active.Remove(where, out var client) && client is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    private Uri Address(string where) => where switch
    {
        ControlPlane => cluster.ControlPlane,
        EdgeFrontend => cluster.Edges,
        Tier2Edge => cluster.Tier2Edge,
        _ => throw new ArgumentOutOfRangeException(nameof(where), where, "unknown place"),
    };
}
