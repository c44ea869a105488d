using System.Globalization;

namespace Vexil.Cluster.Tests.Cluster;

/// <summary>One node of the local cluster (postgres, nats, cp1, cp2, haproxy, edge-a1, edge-a2, edge-b1), driven through node.sh.</summary>
public sealed class ClusterNode(string name, Uri? address, ScriptRunner scripts)
{
    public string Name { get; } = name;

    /// <summary>The node's own HTTP address (vexil nodes), or null.</summary>
    public Uri? Address { get; } = address;

    /// <summary>The process id, or null when it does not run.</summary>
    public async Task<int?> ProcessIdAsync(CancellationToken cancellationToken)
    {
        var pid = (await scripts.RunAsync("node.sh", ["pid", Name], TimeSpan.FromSeconds(10), cancellationToken)).Trim();
        return int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    /// <summary>Whether the node's process is alive (not gone, not a zombie).</summary>
    public async Task<bool> IsRunningAsync(CancellationToken cancellationToken) =>
        await ProcessIdAsync(cancellationToken) is { } id && Directory.Exists($"/proc/{id}") && !IsZombie(id);

    /// <summary>SIGKILL (no shutdown), then waits until the process is gone.</summary>
    public async Task KillAsync(CancellationToken cancellationToken)
    {
        var pid = await ProcessIdAsync(cancellationToken);
        await scripts.RunAsync("node.sh", ["kill", Name], TimeSpan.FromSeconds(10), cancellationToken);
        if (pid is { } id)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (Directory.Exists($"/proc/{id}") && !IsZombie(id) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    /// <summary>Starts the node (again) with its file and data, and waits until it is ready.</summary>
    public Task StartAsync(CancellationToken cancellationToken) =>
        scripts.RunAsync("node.sh", ["start", Name], TimeSpan.FromSeconds(100), cancellationToken);

    /// <summary>Starts the node (again) running <paramref name="build"/> (a vexil.dll, executable or folder), and waits until it is ready.</summary>
    public Task StartAsync(string build, CancellationToken cancellationToken) =>
        scripts.RunAsync("node.sh", ["start", Name, "--build", build], TimeSpan.FromSeconds(100), cancellationToken);

    /// <summary>The command the node was last started with (node.sh build), e.g. <c>dotnet /path/vexil.dll</c>.</summary>
    public async Task<string> BuildAsync(CancellationToken cancellationToken) =>
        (await scripts.RunAsync("node.sh", ["build", Name], TimeSpan.FromSeconds(10), cancellationToken)).Trim();

    /// <summary>A graceful stop (SIGTERM, or pg_ctl's fast shutdown).</summary>
    public Task StopAsync(CancellationToken cancellationToken) =>
        scripts.RunAsync("node.sh", ["stop", Name], TimeSpan.FromSeconds(30), cancellationToken);

    /// <summary>Whether the node answers its readiness check now.</summary>
    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await scripts.RunAsync("node.sh", ["ready", Name], TimeSpan.FromSeconds(10), cancellationToken);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public override string ToString() => Name;

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }
}
