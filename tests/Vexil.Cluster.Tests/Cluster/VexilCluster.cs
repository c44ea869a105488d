using Vexil.Testing;

namespace Vexil.Cluster.Tests.Cluster;

/// <summary>
/// The whole local cluster of deploy/cluster (up.sh / down.sh), once per test class: addresses, keys, the administrator
/// password, and a handle on every node to kill, stop and restart (for failover and, later, fault injection). Always
/// torn down (down.sh --purge), also when starting fails.
/// </summary>
public sealed class VexilCluster : IAsyncLifetime
{
    public static readonly IReadOnlyList<string> NodeNames = ["postgres", "nats", "cp1", "cp2", "haproxy", "edge-a1", "edge-a2", "edge-b1"];

    /// <summary>Ports of the default layout (deploy/cluster/cluster.env), shifted by the offset this cluster runs with.</summary>
    private static readonly int[] DefaultPorts = [17000, 17001, 17002, 17010, 17011, 17012, 17013, 17020, 17021, 17022, 17023, 17030, 17031, 17040, 17050, 17051];

    private readonly ScriptRunner _scripts;
    private Dictionary<string, ClusterNode> _nodes = [];

    public VexilCluster()
        : this(build: null)
    {
    }

    private VexilCluster(string? build) => _scripts = new ScriptRunner(FreeOffset(), build);

    /// <summary>How far this cluster's ports are from the default ones (so that several clusters may run on one machine).</summary>
    public int PortOffset => _scripts.PortOffset;

    /// <summary>HAProxy's control-plane frontend (cp1, cp2).</summary>
    public Uri ControlPlane { get; private set; } = null!;

    /// <summary>HAProxy's edge frontend (edge-a1, edge-a2).</summary>
    public Uri Edges { get; private set; } = null!;

    /// <summary>The tier-2 edge, edge-b1, which follows the edge frontend.</summary>
    public Uri Tier2Edge { get; private set; } = null!;

    public string Project { get; private set; } = string.Empty;

    public string Environment { get; private set; } = string.Empty;

    public string ServerKey { get; private set; } = string.Empty;

    public string ClientKey { get; private set; } = string.Empty;

    public string AdminPassword { get; private set; } = string.Empty;

    /// <summary>What up.sh printed.</summary>
    public string StartOutput { get; private set; } = string.Empty;

    public IReadOnlyCollection<ClusterNode> Nodes => _nodes.Values;

    public ClusterNode Node(string name) => _nodes[name];

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await _scripts.RunAsync("down.sh", ["--purge"], TimeSpan.FromSeconds(60), cancellationToken);
        try
        {
            StartOutput = await _scripts.RunAsync("up.sh", [], TimeSpan.FromSeconds(150), cancellationToken);
            var run = Path.Combine(ScriptRunner.ClusterDirectory, "run");
            var keys = File.ReadAllLines(Path.Combine(run, "keys.env"))
                .Select(l => l.Split('=', 2))
                .Where(p => p.Length == 2)
                .ToDictionary(p => p[0], p => p[1]);
            ControlPlane = new Uri(keys["VEXIL_CONTROL_PLANE_URL"]);
            Edges = new Uri(keys["VEXIL_EDGE_URL"]);
            Tier2Edge = new Uri(keys["VEXIL_TIER2_EDGE_URL"]);
            Project = keys["VEXIL_CLUSTER_PROJECT"];
            Environment = keys["VEXIL_CLUSTER_ENVIRONMENT"];
            ServerKey = keys["VEXIL_SERVER_KEY"];
            ClientKey = keys["VEXIL_CLIENT_KEY"];
            AdminPassword = (await File.ReadAllTextAsync(keys["VEXIL_ADMIN_PASSWORD_FILE"], cancellationToken)).Trim();
            _nodes = NodeNames.ToDictionary(n => n, n => new ClusterNode(n, NodeAddress(n), _scripts));
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts a cluster whose vexil nodes run <paramref name="build"/> (another release's vexil.dll) until a node is
    /// started with a build of its own (<see cref="ClusterNode.StartAsync(string, CancellationToken)"/>).
    /// </summary>
    public static async Task<VexilCluster> StartAsync(string build)
    {
        var cluster = new VexilCluster(build);
        await cluster.InitializeAsync();
        return cluster;
    }

    /// <summary>An administrator's session through HAProxy.</summary>
    public Task<AdminApi> AdminAsync(CancellationToken cancellationToken) =>
        AdminApi.SignInAsync(ControlPlane, AdminPassword, handler: null, cancellationToken);

    /// <summary>The last lines of a node's log, for failure messages.</summary>
    public static string Log(string node)
    {
        var file = Path.Combine(ScriptRunner.ClusterDirectory, "run", "logs", node + ".log");
        return File.Exists(file) ? string.Join('\n', File.ReadLines(file).TakeLast(40)) : string.Empty;
    }

    public async ValueTask DisposeAsync() =>
        await _scripts.RunAsync("down.sh", ["--purge"], TimeSpan.FromSeconds(90), CancellationToken.None);

    private Uri? NodeAddress(string name) => name switch
    {
        "cp1" => Local(17010),
        "cp2" => Local(17011),
        "edge-a1" => Local(17020),
        "edge-a2" => Local(17021),
        "edge-b1" => Local(17030),
        _ => null,
    };

    private Uri Local(int defaultPort) => new($"http://127.0.0.1:{defaultPort + PortOffset}");

    /// <summary>An offset (a multiple of 100, up to 9,900) at which every port of the layout is free now.</summary>
    private static int FreeOffset()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var offset = Random.Shared.Next(1, 100) * 100;
            if (DefaultPorts.All(p => IsFree(p + offset)))
            {
                return offset;
            }
        }

        throw new InvalidOperationException("No free set of ports for the cluster between 17100 and 27051.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}
