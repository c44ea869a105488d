using Vexil.Cluster.Tests.Cluster;
using Vexil.Cluster.Tests.Infrastructure;
using Vexil.Testing.Network;

namespace Vexil.Cluster.Tests.Faults;

/// <summary>
/// The links the suite can fault, beside the cluster's own nodes: a <see cref="FaultProxy"/> between subscribers and
/// the tier-2 edge (edge-b1), and an extra tier-2 edge, edge-x, whose upstream link to HAProxy's edge frontend goes
/// through another proxy, and an extra tier-1 edge, edge-y, whose upstream link to HAProxy's control-plane frontend goes
/// through a third. deploy/cluster is left as it is: edge-x and edge-y are started here with settings in their environment.
/// </summary>
internal sealed class FaultTopology : IAsyncDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "vexil-faults-" + Guid.NewGuid().ToString("N")[..8]);

    private FaultTopology(VexilCluster cluster)
    {
        SubscribersToTier2 = FaultProxy.Start(cluster.Tier2Edge);
        EdgeXUpstream = FaultProxy.Start(cluster.Edges);
        EdgeXAddress = new Uri($"http://127.0.0.1:{NodeProcess.FreePort()}");
        EdgeX = StartEdge("edge-x", EdgeXUpstream, EdgeXAddress, cluster.ServerKey);
        EdgeYUpstream = FaultProxy.Start(cluster.ControlPlane);
        EdgeYAddress = new Uri($"http://127.0.0.1:{NodeProcess.FreePort()}");
        EdgeY = StartEdge("edge-y", EdgeYUpstream, EdgeYAddress, cluster.ServerKey);
    }

    /// <summary>edge-y → HAProxy's control-plane frontend (a tier-1 edge's upstream link).</summary>
    public FaultProxy EdgeYUpstream { get; }

    public NodeProcess EdgeY { get; }

    public Uri EdgeYAddress { get; }

    /// <summary>Subscribers (SSE, SDK) → edge-b1.</summary>
    public FaultProxy SubscribersToTier2 { get; }

    /// <summary>edge-x → HAProxy's edge frontend (a tier-2 edge's upstream link).</summary>
    public FaultProxy EdgeXUpstream { get; }

    public NodeProcess EdgeX { get; }

    public Uri EdgeXAddress { get; }

    public static async Task<FaultTopology> StartAsync(VexilCluster cluster, CancellationToken cancellationToken)
    {
        var topology = new FaultTopology(cluster);
        try
        {
            using var handler = new HttpClientHandler();
            await topology.EdgeX.WaitForAsync(new Uri(topology.EdgeXAddress, "/health/ready"), handler, TimeSpan.FromSeconds(90), cancellationToken);
            await topology.EdgeY.WaitForAsync(new Uri(topology.EdgeYAddress, "/health/ready"), handler, TimeSpan.FromSeconds(90), cancellationToken);
            return topology;
        }
        catch
        {
            await topology.DisposeAsync();
            throw;
        }
    }

    private NodeProcess StartEdge(string name, FaultProxy upstream, Uri address, string key) =>
        NodeProcess.Start(["edge", "--upstream", upstream.Address.ToString()], new Dictionary<string, string>
        {
            ["Vexil__Listen"] = address.ToString(),
            ["Vexil__Edge__DataDirectory"] = Path.Combine(_root, name),
            ["Vexil__Edge__Keys__0"] = key,
            ["Vexil__Edge__ReconnectMinDelay"] = "00:00:00.250",
            ["Vexil__Edge__ReconnectMaxDelay"] = "00:00:02",
        });

    public async ValueTask DisposeAsync()
    {
        await EdgeX.DisposeAsync();
        await EdgeY.DisposeAsync();
        await SubscribersToTier2.DisposeAsync();
        await EdgeXUpstream.DisposeAsync();
        await EdgeYUpstream.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
