using BenchmarkDotNet.Attributes;
using Vexil.Server.Snapshots;

namespace Vexil.Benchmarks.ControlPlane;

/// <summary>
/// An environment's snapshot of 10,000 flags, as the delivery protocol serves it (<c>/sdk/v1/ruleset</c>): the
/// document written from the compiled snapshot held in memory (once per version), and, for a replica that holds
/// nothing yet, the whole environment read from the database and compiled. Allocation is compared with the
/// document's size.
/// </summary>
[Config(typeof(BenchConfig))]
public class SnapshotBenchmarks
{
    private const int FlagCount = 10_000;

    private BenchmarkStore _host = null!;
    private long _environmentId;
    private EnvironmentSnapshot _held = null!;

    [Params(StoreKind.Sqlite, StoreKind.Postgres)]
    public StoreKind Store { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _host = await BenchmarkStore.CreateAsync(Store);
        await ControlPlaneSeeder.SeedAsync(_host, "bench", FlagCount);
        _environmentId = (await _host.Environments.GetAsync("bench", "production", CancellationToken.None))!.Id;
        _held = (await _host.Snapshots.GetAsync(_environmentId, CancellationToken.None))!;
        Console.WriteLine($"// snapshot of {FlagCount:N0} flags: {_held.Document.Length:N0} bytes at version {_held.Version}");
    }

    [GlobalCleanup]
    public async Task Cleanup() => await _host.DisposeAsync();

    [Benchmark(Description = "document of a held snapshot, 10,000 flags")]
    public int Document() => new EnvironmentSnapshot(_held.EnvironmentId, _held.Compiled).Document.Length;

    [Benchmark(Description = "cold snapshot (read and compile), 10,000 flags")]
    public async Task<long> Cold() => (await _host.FreshSnapshots().GetAsync(_environmentId, CancellationToken.None))!.Version;
}
