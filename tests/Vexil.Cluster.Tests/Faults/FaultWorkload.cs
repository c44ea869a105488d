using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Vexil.Cluster.Tests.Cluster;

namespace Vexil.Cluster.Tests.Faults;

/// <summary>
/// Everything that runs while faults are injected: one writer, raw SSE observers on every edge (directly, through
/// HAProxy and through a fault proxy), SDK clients evaluating in loops, OFREP callers through HAProxy's edge
/// frontend, and an events sender.
/// </summary>
internal sealed class FaultWorkload : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _running = [];
    private readonly VexilCluster _cluster;

    private FaultWorkload(VexilCluster cluster, FaultTopology? topology, IReadOnlyList<string> flags)
    {
        _cluster = cluster;
        Flags = flags;
        Writer = new FlagWriter(cluster.ControlPlane, cluster.AdminPassword, cluster.Project, cluster.Environment, flags);
        Observers =
        [
            new("sse edge-a1", cluster.Node("edge-a1").Address!, cluster.ServerKey),
            new("sse edge-a2", cluster.Node("edge-a2").Address!, cluster.ServerKey),
            new("sse haproxy edges", cluster.Edges, cluster.ServerKey),
            new("sse edge-b1", cluster.Tier2Edge, cluster.ServerKey),
            .. topology is null
                ? (StreamObserver[])[new("sse haproxy control plane", cluster.ControlPlane, cluster.ServerKey)]
                :
                [
                    new("sse proxy → edge-b1", topology.SubscribersToTier2.Address, cluster.ServerKey),
                    new("sse edge-x", topology.EdgeXAddress, cluster.ServerKey),
                    new("sse edge-y", topology.EdgeYAddress, cluster.ServerKey),
                ],
        ];
        Sdks = topology is null
            ?
            [
                new("sdk haproxy edges", cluster.Edges, cluster.ServerKey, flags),
                new("sdk edge-b1", cluster.Tier2Edge, cluster.ServerKey, flags),
            ]
            :
            [
                new("sdk haproxy edges", cluster.Edges, cluster.ServerKey, flags),
                new("sdk proxy → edge-b1", topology.SubscribersToTier2.Address, cluster.ServerKey, flags),
                new("sdk edge-x", topology.EdgeXAddress, cluster.ServerKey, flags),
            ];
        Ofrep =
        [
            new("ofrep haproxy edges 1", cluster.Edges, cluster.ServerKey, flags),
            new("ofrep haproxy edges 2", cluster.Edges, cluster.ServerKey, flags),
        ];
        Events = new EventsSender(cluster.ControlPlane, cluster.ServerKey, flags[0]);
    }

    public IReadOnlyList<string> Flags { get; }

    public Uri ControlPlane => _cluster.ControlPlane;

    public FlagWriter Writer { get; }

    public IReadOnlyList<StreamObserver> Observers { get; }

    public IReadOnlyList<SdkEvaluator> Sdks { get; }

    public IReadOnlyList<OfrepCaller> Ofrep { get; }

    public EventsSender Events { get; }

    public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;

    /// <summary>
    /// Starts the workload on the cluster's own nodes and, with a <paramref name="topology"/>, on its fault proxies and
    /// extra edges too; without one, an SSE subscriber of HAProxy's control-plane frontend instead.
    /// </summary>
    public static async Task<FaultWorkload> StartAsync(VexilCluster cluster, FaultTopology? topology, CancellationToken cancellationToken)
    {
        var prefix = "fault-" + Guid.NewGuid().ToString("N")[..6] + "-";
        IReadOnlyList<string> flags = [.. Enumerable.Range(1, 4).Select(i => prefix + i)];
        var workload = new FaultWorkload(cluster, topology, flags);
        await workload.Writer.InitializeAsync(cancellationToken);
        foreach (var sdk in workload.Sdks)
        {
            Assert.True(await sdk.WaitForInitializationAsync(cancellationToken), $"{sdk.Name} did not initialise");
        }

        // OFREP callers start once both tier-1 edges hold the new flags (before that FLAG_NOT_FOUND is right).
        var (created, _) = await workload.RulesetAsync(cluster.ControlPlane, 0, cancellationToken);
        foreach (var edge in new[] { cluster.Node("edge-a1").Address!, cluster.Node("edge-a2").Address! })
        {
            var (held, flagsHeld) = await workload.RulesetAsync(edge, created, cancellationToken);
            Assert.True(held >= created && flagsHeld.Count == flags.Count, $"{edge} did not reach version {created}");
        }

        var token = workload._stop.Token;
        workload._running.Add(workload.Writer.RunAsync(token));
        workload._running.Add(workload.Events.RunAsync(token));
        workload._running.AddRange(workload.Observers.Select(o => o.RunAsync(token)));
        workload._running.AddRange(workload.Sdks.Select(s => s.RunAsync(token)));
        workload._running.AddRange(workload.Ofrep.Select(o => o.RunAsync(token)));
        return workload;
    }

    /// <summary>Pauses the writer and the events sender and waits until neither has a request in flight.</summary>
    public async Task QuiesceAsync(CancellationToken cancellationToken)
    {
        Writer.Paused = true;
        Events.Paused = true;
        var deadline = Stopwatch.StartNew();
        while (!(Writer.Idle && Events.Idle))
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(150), "the writer or the events sender did not finish its request");
            await Task.Delay(50, cancellationToken);
        }
    }

    public void Resume()
    {
        Writer.Paused = false;
        Events.Paused = false;
    }

    /// <summary>The environment's ruleset (version, flag → enabled) as a server key reads it from <paramref name="address"/>.</summary>
    public async Task<(long Version, Dictionary<string, bool> Enabled)> RulesetAsync(Uri address, long minVersion, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(15) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _cluster.ServerKey);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sdk/v1/ruleset");
        if (minVersion > 0)
        {
            request.Headers.Add("Vexil-Min-Version", minVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var ruleset = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var enabled = ruleset.GetProperty("flags").EnumerateArray()
            .Where(f => Flags.Contains(f.GetProperty("key").GetString()))
            .ToDictionary(f => f.GetProperty("key").GetString()!, f => f.GetProperty("enabled").GetBoolean());
        return (ruleset.GetProperty("version").GetInt64(), enabled);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_running.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        foreach (var sdk in Sdks)
        {
            await sdk.DisposeAsync();
        }

        _stop.Dispose();
    }
}
