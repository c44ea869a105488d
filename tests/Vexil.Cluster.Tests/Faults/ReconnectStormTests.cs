using System.Diagnostics;
using System.Globalization;
using System.Net;
using Vexil.Cluster.Tests.Infrastructure;
using Vexil.Testing;

namespace Vexil.Cluster.Tests.Faults;

/// <summary>
/// Issue #9's reconnect storm: an edge holding 10,000 SSE streams is SIGKILLed while the control plane moves on,
/// and started again on the same address and data. Every subscriber must resume by version (Last-Event-ID, jittered
/// backoff) within the stated time, and the edge's resident memory must stay under the stated bound throughout.
/// A standalone control plane (SQLite) and edge, on free ports, so it does not need the cluster.
/// </summary>
public sealed class ReconnectStormTests
{
    private const int Subscribers = 10_000;

    /// <summary>From the edge's restart until every subscriber holds the new version: measured about 6 s on the shared 2-core machine under load (docs/benchmarks.md); asserted with a tenfold margin.</summary>
    private static readonly TimeSpan ResumeBound = TimeSpan.FromSeconds(60);

    /// <summary>The edge's peak resident memory while it takes the storm: measured about 290 MiB (docs/benchmarks.md).</summary>
    private const long RssBoundBytes = 768L * 1024 * 1024;

    [Fact(Timeout = 600_000)]
    public async Task EdgeWith10000Streams_KilledAndRestarted_EverySubscriberResumesByVersion_MemoryBounded()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var output = TestContext.Current.TestOutputHelper!;
        var root = Path.Combine(Path.GetTempPath(), "vexil-storm-" + Guid.NewGuid().ToString("N")[..8]);
        await using var controlPlane = await VexilServerProcess.StartAsync(Path.Combine(root, "cp"), cancellationToken);
        using var admin = await AdminApi.SignInAsync(controlPlane.Address, cancellationToken);
        var project = await admin.CreateProjectAsync(cancellationToken);
        await admin.CreateBooleanFlagAsync(project, "storm", cancellationToken);
        var key = await admin.CreateSdkKeyAsync(project, "production", "server", cancellationToken);
        var version = await admin.SetEnabledAsync(project, "production", "storm", true, cancellationToken);

        var port = NodeProcess.FreePort();
        var edgeAddress = new Uri($"http://127.0.0.1:{port}");
        var settings = new Dictionary<string, string>
        {
            ["Vexil__Listen"] = edgeAddress.ToString(),
            ["Vexil__Edge__DataDirectory"] = Path.Combine(root, "edge"),
            ["Vexil__Edge__Keys__0"] = key,
        };
        var edge = await StartEdgeAsync(controlPlane.Address, settings, edgeAddress, cancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var subscribers = Enumerable.Range(0, Subscribers).Select(_ => new StormSubscriber(new IPEndPoint(IPAddress.Loopback, port), key)).ToArray();
            var running = new List<Task>(Subscribers);
            var connect = Stopwatch.StartNew();
            foreach (var chunk in subscribers.Chunk(500))
            {
                running.AddRange(chunk.Select(s => Task.Run(() => s.RunAsync(stop.Token), CancellationToken.None)));
                await Task.Delay(100, cancellationToken);
            }

            Assert.True(await AllAtAsync(subscribers, version, TimeSpan.FromSeconds(180), cancellationToken), Lagging(subscribers, version) + edge.Output);
            var connected = connect.Elapsed;
            output.WriteLine($"{Subscribers} streams open and at version {version} after {connected.TotalSeconds:0.0} s; edge RSS {Rss(edge.ProcessId) / 1048576} MiB");

            // The storm: SIGKILL the edge, commit a change it has not seen, start it again on the same address and data.
            await edge.DisposeAsync();
            var target = await admin.SetEnabledAsync(project, "production", "storm", false, cancellationToken);
            var restart = Stopwatch.StartNew();
            edge = NodeProcess.Start(["edge", "--upstream", controlPlane.Address.ToString()], settings);
            var peak = 0L;
            var resumed = false;
            while (restart.Elapsed < ResumeBound && !resumed)
            {
                peak = Math.Max(peak, Rss(edge.ProcessId));
                resumed = subscribers.All(s => Volatile.Read(ref s.Version) == target);
                await Task.Delay(100, cancellationToken);
            }

            var took = restart.Elapsed;
            var reconnects = subscribers.Sum(s => s.Connections) - Subscribers;
            output.WriteLine($"restart to every subscriber at {target}: {took.TotalSeconds:0.0} s ({reconnects} reconnections); edge peak RSS {peak / 1048576} MiB");
            FaultReport.Save("reconnect-storm.md", $"{Subscribers} streams; all open at version {version} after {connected.TotalSeconds:0.0} s; restart to every subscriber at {target}: {took.TotalSeconds:0.0} s ({reconnects} reconnections); edge peak RSS {peak / 1048576} MiB (bound {RssBoundBytes / 1048576} MiB)\n");
            Assert.True(resumed, $"not every subscriber resumed within {ResumeBound}: {Lagging(subscribers, target)}");
            Assert.True(peak < RssBoundBytes, $"the edge's peak RSS was {peak / 1048576} MiB, above {RssBoundBytes / 1048576} MiB");
            Assert.Equal(0, subscribers.Sum(s => s.Backwards));
            await stop.CancelAsync();
            await Task.WhenAll(running);
        }
        finally
        {
            await stop.CancelAsync();
            await edge.DisposeAsync();
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<NodeProcess> StartEdgeAsync(Uri upstream, Dictionary<string, string> settings, Uri address, CancellationToken cancellationToken)
    {
        var edge = NodeProcess.Start(["edge", "--upstream", upstream.ToString()], settings);
        using var handler = new HttpClientHandler();
        await edge.WaitForAsync(new Uri(address, "/health/ready"), handler, TimeSpan.FromSeconds(90), cancellationToken);
        return edge;
    }

    private static async Task<bool> AllAtAsync(StormSubscriber[] subscribers, long version, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (subscribers.All(s => Volatile.Read(ref s.Version) >= version))
            {
                return true;
            }

            await Task.Delay(200, cancellationToken);
        }

        return false;
    }

    private static string Lagging(StormSubscriber[] subscribers, long version)
    {
        var lagging = subscribers.Where(s => Volatile.Read(ref s.Version) != version).ToList();
        return $"{lagging.Count} subscribers not at {version} (versions: {string.Join(",", lagging.GroupBy(s => s.Version).Select(g => $"{g.Key}×{g.Count()}"))})";
    }

    /// <summary>VmRSS of a process in bytes (0 when it is gone).</summary>
    private static long Rss(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
