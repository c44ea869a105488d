using System.Diagnostics;
using Vexil.Cluster.Tests.Cluster;

namespace Vexil.Cluster.Tests.Faults;

/// <summary>
/// The invariants checked after each round of the fault suite and after each step of the upgrade test, on a quiesced
/// workload: every acknowledged write committed and served by every subscriber and SDK client, no version going back,
/// no change out of order, no failed or blocking evaluation, OFREP answering only 200 (or 502/503/504 while a node is
/// down), no write lost to a 412. <paramref name="clients"/> are the SDK clients evaluating now (they must converge);
/// <paramref name="everyClient"/> also those retired (their failures still count).
/// </summary>
internal sealed class RoundChecks(
    VexilCluster cluster,
    FaultWorkload workload,
    Func<IReadOnlyCollection<IEvaluatingClient>> clients,
    Func<IReadOnlyCollection<IEvaluatingClient>> everyClient)
{
    /// <summary>How long, after the fault healed and the writer paused, every subscriber may take to hold the last committed version.</summary>
    public static readonly TimeSpan ConvergenceBound = TimeSpan.FromSeconds(60);

    /// <summary>The longest one local SDK evaluation may take (it never waits on the network; this leaves room for GC pauses on a loaded machine).</summary>
    public static readonly TimeSpan EvaluationBound = TimeSpan.FromMilliseconds(500);

    private long _sdkFailures;
    private int _violations;

    public RoundChecks(VexilCluster cluster, FaultWorkload workload)
        : this(cluster, workload, () => workload.Sdks, () => workload.Sdks)
    {
    }

    /// <summary>Quiesces the workload (the caller resumes it) and adds every invariant's check to <paramref name="row"/>.</summary>
    public async Task CheckAsync(FaultReport.Row row, CancellationToken cancellationToken)
    {
        await workload.QuiesceAsync(cancellationToken);
        var quiet = Stopwatch.StartNew();
        var (committed, stored) = await ReadControlPlaneAsync(cancellationToken);
        var acknowledged = workload.Writer.Acknowledged;
        row.Check("every acknowledged write committed (version ≥ last ack)", acknowledged.Count == 0 || committed >= acknowledged.Max(w => w.Version), $"store at {committed}, last ack {(acknowledged.Count == 0 ? 0 : acknowledged.Max(w => w.Version))}");
        row.Check("store holds every flag as last written", Same(stored, workload.Writer.Expected), $"store {Show(stored)}, writer {Show(workload.Writer.Expected)}");

        var lagging = await ConvergeAsync(committed, cancellationToken);
        row.Converged = quiet.Elapsed;
        row.Check($"every subscriber converged to the last committed version within {ConvergenceBound.TotalSeconds:0} s", lagging.Count == 0, $"version {committed}: " + string.Join(", ", lagging));

        var (tier2Version, tier2) = await workload.RulesetAsync(cluster.Tier2Edge, committed, cancellationToken);
        row.Check("tier-2 edge serves every acknowledged write", tier2Version >= committed && Same(tier2, workload.Writer.Expected), $"edge-b1 at {tier2Version}: {Show(tier2)}");

        var violations = workload.Observers.SelectMany(o => o.Violations).ToList().Skip(_violations).ToList();
        _violations += violations.Count;
        row.Check("no subscriber went back in version or was sent a change out of order", violations.Count == 0, string.Join("; ", violations.Take(5)));
        var failed = everyClient().Sum(c => c.FailureCount);
        row.Check("no SDK evaluation threw or went back", failed == _sdkFailures, $"{failed - _sdkFailures} failures");
        _sdkFailures = failed;
        var slowest = everyClient().Max(c => c.MaxEvaluation);
        row.Check($"no SDK evaluation blocked (max < {EvaluationBound.TotalMilliseconds:0} ms)", slowest < EvaluationBound, $"slowest {slowest.TotalMilliseconds:0.0} ms");
        var ofrepFailures = workload.Ofrep.Sum(o => o.Failures);
        row.Check("OFREP answered 200, or 502/503/504 while a node was down", ofrepFailures == 0, string.Join("; ", workload.Ofrep.Select(o => string.Join(",", o.Answers.Select(a => $"{a.Key}×{a.Value}")))));
        row.Check("no write lost to a 412 (one writer)", workload.Writer.PreconditionFailures == 0, $"{workload.Writer.PreconditionFailures} × 412");
    }

    /// <summary>
    /// Polls the usage API of each replica until each counts every acknowledged batch (aggregation is asynchronous),
    /// bounded. The replicas share one event store (the events_* tables of their PostgreSQL database) and one durable
    /// NATS consumer, so each batch is aggregated once by one of them and either answers the whole counts (HAProxy's
    /// frontend may answer from either).
    /// </summary>
    public async Task<(long Expected, long[] Counted)> CountEventsAsync(CancellationToken cancellationToken)
    {
        var admin = workload.Writer.Http;
        var replicas = new[] { cluster.Node("cp1").Address!, cluster.Node("cp2").Address! };
        var expected = (long)workload.Events.Acknowledged;
        var deadline = Stopwatch.StartNew();
        long[] counted;
        do
        {
            await Task.Delay(1_000, cancellationToken);
            counted = await CountAsync();
        }
        while (counted.Any(c => c < expected) && deadline.Elapsed < TimeSpan.FromSeconds(90));

        // A little longer: a batch counted twice would show up now.
        await Task.Delay(3_000, cancellationToken);
        return (expected, await CountAsync());

        async Task<long[]> CountAsync() =>
            await Task.WhenAll(replicas.Select(r => EventsSender.CountedAsync(admin, r, cluster.Project, cluster.Environment, workload.Flags[0], workload.Started, cancellationToken)));
    }

    private async Task<(long Version, Dictionary<string, bool> Enabled)> ReadControlPlaneAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await workload.RulesetAsync(workload.ControlPlane, 0, cancellationToken);
            }
            catch (HttpRequestException) when (attempt < 60)
            {
                await Task.Delay(500, cancellationToken);
            }
        }
    }

    /// <summary>Waits until every observer and SDK client holds <paramref name="version"/>; returns those that do not (name and version).</summary>
    private async Task<List<string>> ConvergeAsync(long version, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var lagging = workload.Observers.Where(o => o.Version != version).Select(o => $"{o.Name} at {o.Version}")
                .Concat(clients().Where(s => s.Version != version).Select(s => $"{s.Name} at {s.Version}"))
                .ToList();
            if (lagging.Count == 0 || deadline.Elapsed > ConvergenceBound)
            {
                return lagging;
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private static bool Same(IReadOnlyDictionary<string, bool> a, IReadOnlyDictionary<string, bool> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);

    private static string Show(IReadOnlyDictionary<string, bool> flags) => string.Join(",", flags.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key[^1]}={(f.Value ? 1 : 0)}"));
}
