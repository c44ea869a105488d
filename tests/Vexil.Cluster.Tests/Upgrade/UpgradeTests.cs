using System.Diagnostics;
using Vexil.Cluster.Tests.Cluster;
using Vexil.Cluster.Tests.Faults;

namespace Vexil.Cluster.Tests.Upgrade;

/// <summary>
/// Issue #20's upgrade proof on the real cluster (deploy/cluster): the cluster starts on the previous release
/// (<see cref="PreviousRelease"/>) under the fault suite's workload (writer with If-Match, SSE subscribers, SDK clients
/// of both releases, OFREP callers, events), is upgraded in the documented order (docs/operations.md: the first new
/// replica applies the migrations, which only expand; replicas one at a time; edges tier by tier from the root; a share
/// of the SDK clients), then rolled back in the reverse order onto the migrated schema, and the fault suite's
/// invariants (<see cref="RoundChecks"/>) are checked after every step. scripts/upgrade-test.sh runs it alone.
/// </summary>
public sealed class UpgradeTests
{
    [Fact(Timeout = 1_500_000)]
    public async Task RollingUpgradeAndRollback_FromThePreviousRelease_KeepEveryInvariant()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var output = TestContext.Current.TestOutputHelper!;
        var previous = await PreviousRelease.GetAsync();
        var current = ScriptRunner.CurrentBuild;
        output.WriteLine($"previous release {previous.Sha} ({previous.Folder}); current build {current}");

        await using var cluster = await VexilCluster.StartAsync(previous.ServerBuild);
        Assert.Contains(previous.ServerBuild, await cluster.Node("cp1").BuildAsync(cancellationToken), StringComparison.Ordinal);
        await using var workload = await FaultWorkload.StartAsync(cluster, topology: null, cancellationToken);
        await using var clients = new UpgradeClients(previous, cluster, workload);
        await clients.StartPreviousAsync(UpgradeClients.ControlPlane, cancellationToken);
        await clients.StartPreviousAsync(UpgradeClients.EdgeFrontend, cancellationToken);
        await clients.StartPreviousAsync(UpgradeClients.Tier2Edge, cancellationToken);

        var checks = new RoundChecks(cluster, workload, () => clients.Active, () => clients.Every);
        var report = new FaultReport();
        var steps = 0;
        var upgradeStarted = 0;
        async Task StepAsync(string name, Func<Task> action, Func<FaultReport.Row, Task>? check = null)
        {
            var row = new FaultReport.Row(++steps, name);
            var before = WorkloadCounters.Of(workload);
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            await action();
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            await checks.CheckAsync(row, cancellationToken);
            if (check is not null)
            {
                await check(row);
            }

            row.Details = WorkloadCounters.Of(workload).Since(before, workload);
            report.Add(row);
            output.WriteLine(row.ToString());
            workload.Resume();
        }

        // A rolling step: a graceful stop (SIGTERM; HAProxy's checks take the node out), then the other build.
        async Task RunAsync(string node, string build)
        {
            await cluster.Node(node).StopAsync(cancellationToken);
            await cluster.Node(node).StartAsync(build, cancellationToken);
            Assert.Contains(build, await cluster.Node(node).BuildAsync(cancellationToken), StringComparison.Ordinal);
        }

        // The schema as each release ships it: the previous release's migrations, then the current one's (a superset).
        var root = Path.GetFullPath(Path.Combine(ScriptRunner.ClusterDirectory, "..", ".."));
        var oldSchema = SchemaMigrations.Shipped(previous.Source);
        var newSchema = SchemaMigrations.Shipped(root);
        Func<FaultReport.Row, Task> Schema(IReadOnlyList<long> expected, string what) => async row =>
        {
            var applied = await SchemaMigrations.AppliedAsync(cluster, cancellationToken);
            row.Check(what, applied.SequenceEqual(expected), $"schema_migrations holds {string.Join(",", applied)}, expected {string.Join(",", expected)}");
        };

        var name = previous.ShortSha;
        await StepAsync($"every node on the previous release ({name}), under load", () => Task.CompletedTask, Schema(oldSchema, "the schema is the previous release's"));
        var elapsed = Stopwatch.StartNew();
        upgradeStarted = workload.Writer.Acknowledged.Count;
        await StepAsync("upgrade cp1 (applies migrations 0004–0009: expand; cp2 of the previous release runs on them)", () => RunAsync("cp1", current), Schema(newSchema, "the schema is the current release's (cp2 of the previous release served on it)"));
        await StepAsync("upgrade cp2", () => RunAsync("cp2", current));
        await StepAsync("upgrade edge-a1 (tier 1)", () => RunAsync("edge-a1", current));
        await StepAsync("upgrade edge-a2 (tier 1)", () => RunAsync("edge-a2", current));
        await StepAsync("upgrade edge-b1 (tier 2)", () => RunAsync("edge-b1", current));
        await StepAsync("upgrade a share of the SDK clients (edge frontend: previous SDK → current SDK)", () => clients.UpgradeAsync(UpgradeClients.EdgeFrontend, cancellationToken));
        var upgraded = elapsed.Elapsed;
        await StepAsync("roll back the SDK share (current SDK → previous SDK)", () => clients.RollBackAsync(UpgradeClients.EdgeFrontend, cancellationToken));
        await StepAsync($"roll back edge-b1 to {name}", () => RunAsync("edge-b1", previous.ServerBuild));
        await StepAsync($"roll back edge-a2 to {name}", () => RunAsync("edge-a2", previous.ServerBuild));
        await StepAsync($"roll back edge-a1 to {name}", () => RunAsync("edge-a1", previous.ServerBuild));
        await StepAsync($"roll back cp2 to {name} (on the migrated schema)", () => RunAsync("cp2", previous.ServerBuild));
        await StepAsync($"roll back cp1 to {name} (on the migrated schema)", () => RunAsync("cp1", previous.ServerBuild), Schema(newSchema, "both replicas of the previous release served on the current release's schema"));
        var rolledBack = elapsed.Elapsed;

        await workload.QuiesceAsync(cancellationToken);
        var writes = workload.Writer.Acknowledged.Count - upgradeStarted;
        var versions = workload.Writer.Acknowledged.Select(w => w.Version).ToList();
        report.Final("acknowledged versions strictly increase (one writer)", versions.Zip(versions.Skip(1)).All(p => p.Second > p.First), $"{versions.Count} writes, {writes} during the upgrade and the rollback");
        var (expectedEvents, counted) = await checks.CountEventsAsync(cancellationToken);
        report.Final("every acknowledged event batch counted exactly once by each replica (usage API)", counted.All(c => c == expectedEvents), $"{expectedEvents} batches acknowledged ({workload.Events.Duplicates} sent twice, {workload.Events.Retries} retries), counted by cp1 {counted[0]}, by cp2 {counted[1]}");
        var slowest = clients.Every.Max(c => c.MaxEvaluation);
        report.Final($"SDK evaluations of both releases (max {slowest.TotalMilliseconds:0.0} ms)", clients.Every.Sum(c => c.FailureCount) == 0, $"{clients.Every.Sum(c => c.EvaluationCount)} evaluations: " + string.Join(", ", clients.Every.Select(c => $"{c.Name} {c.EvaluationCount}")));
        report.Final("OFREP", workload.Ofrep.Sum(o => o.Failures) == 0, $"{workload.Ofrep.Sum(o => o.Successes)} × 200, {workload.Ofrep.Sum(o => o.Unavailable)} × 502/503/504, max {workload.Ofrep.Max(o => o.MaxLatency).TotalMilliseconds:0} ms");
        var longest = workload.Observers.MaxBy(o => o.LongestOutage)!;
        report.Note(
            $"figures: upgrade {upgraded.TotalSeconds:0} s, rollback {(rolledBack - upgraded).TotalSeconds:0} s; longest time without a stream {longest.LongestOutage.TotalSeconds:0.0} s ({longest.Name}); " +
            $"writes acknowledged during the upgrade and the rollback {writes}; SDK evaluations {clients.Every.Sum(c => c.EvaluationCount)}; slowest evaluation {slowest.TotalMilliseconds:0.0} ms; " +
            $"stale offers {workload.Observers.Sum(o => o.StaleOffers)}; each subscriber's longest time without a stream: " +
            string.Join(", ", workload.Observers.Select(o => $"{o.Name} {o.LongestOutage.TotalSeconds:0.0} s")));
        output.WriteLine(report.ToString());
        FaultReport.Save("upgrade-report.md", $"previous release {previous.Sha}\n\n{report}");
        Assert.True(report.Passed, report.ToString());
    }
}
