using BenchmarkDotNet.Attributes;

namespace Vexil.Benchmarks.ControlPlane;

/// <summary>
/// Building an environment's snapshot of 10,000 flags (<c>GetRulesetJsonAsync</c>: one consistent read of every
/// flag and segment, written in the native format), as the delivery protocol serves it to edges and SDKs.
/// </summary>
[Config(typeof(BenchConfig))]
public class SnapshotBenchmarks
{
    private const int FlagCount = 10_000;

    private BenchmarkStore _host = null!;
    private long _environmentId;

    [Params(StoreKind.Sqlite, StoreKind.Postgres)]
    public StoreKind Store { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _host = await BenchmarkStore.CreateAsync(Store);
        await ControlPlaneSeeder.SeedAsync(_host, "bench", FlagCount);
        _environmentId = (await _host.Store.GetEnvironmentAsync("bench", "production", CancellationToken.None))!.Id;
        var ruleset = (await _host.Store.GetRulesetJsonAsync(_environmentId, CancellationToken.None))!;
        Console.WriteLine($"// snapshot of {FlagCount:N0} flags: {ruleset.Utf8Json.Length:N0} bytes at version {ruleset.Version}");
    }

    [GlobalCleanup]
    public async Task Cleanup() => await _host.DisposeAsync();

    [Benchmark(Description = "snapshot of 10,000 flags")]
    public async Task<int> Snapshot() =>
        (await _host.Store.GetRulesetJsonAsync(_environmentId, CancellationToken.None))!.Utf8Json.Length;
}
