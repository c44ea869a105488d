using Vexil.Cluster.Tests.Cluster;
using Vexil.Testing.Network;

namespace Vexil.Cluster.Tests.Faults;

/// <summary>One fault of a round: how it is injected, how long it holds, how it heals.</summary>
internal sealed record Fault(string Name, TimeSpan Hold, Func<CancellationToken, Task> Inject, Func<CancellationToken, Task> Heal)
{
    /// <summary>Every fault the suite knows, in the order rounds take them (round i takes fault i mod count).</summary>
    public static IReadOnlyList<Fault> All(VexilCluster cluster, FaultTopology topology) =>
    [
        Kill(cluster, "cp1"),
        Proxy("cut: subscribers → edge-b1", topology.SubscribersToTier2, FaultMode.Cut, TimeSpan.FromSeconds(5)),
        Kill(cluster, "edge-a1"),
        Restart(cluster, "postgres", "PostgreSQL restart (pg_ctl stop -m fast, start)"),
        Kill(cluster, "edge-b1"),
        Restart(cluster, "nats", "nats-server restart (SIGTERM, start)"),
        Proxy("blackhole: edge-x → edge frontend", topology.EdgeXUpstream, FaultMode.Blackhole, TimeSpan.FromSeconds(8)),
        Kill(cluster, "cp2"),
        Proxy("reset: subscribers → edge-b1", topology.SubscribersToTier2, FaultMode.Reset, TimeSpan.FromSeconds(1)),
        Proxy("slow: edge-x → edge frontend", topology.EdgeXUpstream, FaultMode.Slow, TimeSpan.FromSeconds(6)),
        Proxy("cut: edge-y → control-plane frontend", topology.EdgeYUpstream, FaultMode.Cut, TimeSpan.FromSeconds(5)),
        Proxy("reset: edge-y → control-plane frontend", topology.EdgeYUpstream, FaultMode.Reset, TimeSpan.FromSeconds(1)),
    ];

    private static Fault Kill(VexilCluster cluster, string node) => new(
        $"SIGKILL {node}, restart",
        TimeSpan.FromSeconds(3),
        cluster.Node(node).KillAsync,
        cluster.Node(node).StartAsync);

    private static Fault Restart(VexilCluster cluster, string node, string name) => new(
        name,
        TimeSpan.FromSeconds(2),
        cluster.Node(node).StopAsync,
        cluster.Node(node).StartAsync);

    private static Fault Proxy(string name, FaultProxy proxy, FaultMode mode, TimeSpan hold) => new(
        "proxy " + name,
        hold,
        _ =>
        {
            proxy.Set(mode);
            return Task.CompletedTask;
        },
        _ =>
        {
            proxy.Set(FaultMode.Pass);
            return Task.CompletedTask;
        });
}
