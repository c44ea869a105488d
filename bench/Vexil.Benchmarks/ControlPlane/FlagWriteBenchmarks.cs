using BenchmarkDotNet.Attributes;
using Vexil.Server.Changes;
using Vexil.Server.Flags;
using Vexil.Server.Storage;

namespace Vexil.Benchmarks.ControlPlane;

/// <summary>
/// One kill-switch write through the change recorder (a <see cref="ToggleFlag"/> with the ETag last read as If-Match)
/// in an environment of 10 and of 10,000 flags, on SQLite and PostgreSQL: the version bump, the incremental
/// validation against the held snapshot, the change log, the audit record and the webhook outbox row, and a durable
/// commit. Writes per second = 1 / mean. The target: the 10,000-flag write within 1.5× of the 10-flag one.
/// </summary>
[Config(typeof(BenchConfig))]
public class FlagWriteBenchmarks
{
    private const string Project = "bench";
    private const string Environment = "production";
    private static readonly WriteContext Context = new("bench", null, null);

    private BenchmarkStore _host = null!;
    private string _flag = null!;
    private string _etag = null!;
    private bool _enabled;

    [Params(StoreKind.Sqlite, StoreKind.Postgres)]
    public StoreKind Store { get; set; }

    [Params(10, 10_000)]
    public int Flags { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _host = await BenchmarkStore.CreateAsync(Store);
        await ControlPlaneSeeder.SeedAsync(_host, Project, Flags);
        _flag = SeedFlags.Key(Flags / 2);
        var state = await _host.Flags.GetInEnvironmentAsync(Project, Environment, _flag, CancellationToken.None)
            ?? throw new InvalidOperationException($"Flag {_flag} was not seeded.");
        _etag = state.ETag;
        _enabled = state.Targeting.Enabled;
    }

    [GlobalCleanup]
    public async Task Cleanup() => await _host.DisposeAsync();

    [Benchmark(Description = "kill switch write")]
    public async Task<long> KillSwitch()
    {
        var enabled = !_enabled;
        var result = await _host.Recorder.RecordAsync(ChangeSet.Of(Project, new ToggleFlag(Environment, _flag, enabled, new Precondition(_etag)), Context), CancellationToken.None);
        if (result.Status != WriteStatus.Ok)
        {
            throw new InvalidOperationException($"The write failed: {result.Status} {result.Detail} {string.Join("; ", result.Errors)}");
        }

        _enabled = enabled;
        _etag = result.Value!.State<EnvironmentFlagState>().ETag;
        return result.Versions[Environment];
    }
}
