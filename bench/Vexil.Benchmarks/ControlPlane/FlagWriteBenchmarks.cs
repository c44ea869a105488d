using BenchmarkDotNet.Attributes;
using Vexil.Server.Storage;

namespace Vexil.Benchmarks.ControlPlane;

/// <summary>
/// One flag write through the control-plane store: the kill switch (<c>UpdateFlagConfigAsync</c> with the ETag last
/// read as If-Match), in an environment of 100 and of 1,000 flags; writes per second = 1 / mean. The write bumps the
/// version, rebuilds and validates the environment's whole candidate ruleset, appends change log and audit log, and
/// commits durably. "read ruleset" is the environment's snapshot read alone, the part of the write that grows with it.
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
    private long _environmentId;

    [Params(StoreKind.Sqlite, StoreKind.Postgres)]
    public StoreKind Store { get; set; }

    [Params(100, 1_000)]
    public int Flags { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _host = await BenchmarkStore.CreateAsync(Store);
        await ControlPlaneSeeder.SeedAsync(_host, Project, Flags);
        _flag = SeedFlags.Key(Flags / 2);
        var state = await _host.Store.GetEnvironmentFlagAsync(Project, Environment, _flag, CancellationToken.None)
            ?? throw new InvalidOperationException($"Flag {_flag} was not seeded.");
        _etag = state.ETag;
        _enabled = state.Config.Enabled;
        _environmentId = (await _host.Store.GetEnvironmentAsync(Project, Environment, CancellationToken.None))!.Id;
    }

    [GlobalCleanup]
    public async Task Cleanup() => await _host.DisposeAsync();

    [Benchmark(Description = "kill switch write")]
    public async Task<long> KillSwitch()
    {
        var enabled = !_enabled;
        var result = await _host.Store.UpdateFlagConfigAsync(
            Project,
            Environment,
            _flag,
            c => c with { Enabled = enabled },
            enabled ? "flag.on" : "flag.off",
            new Precondition(_etag),
            Context,
            CancellationToken.None);
        if (result.Status != WriteStatus.Ok)
        {
            throw new InvalidOperationException($"The write failed: {result.Status} {string.Join("; ", result.Errors)}");
        }

        _enabled = enabled;
        _etag = result.Value!.ETag;
        return result.Versions[Environment];
    }

    [Benchmark(Description = "read ruleset")]
    public async Task<int> ReadRuleset() =>
        (await _host.Store.GetRulesetJsonAsync(_environmentId, CancellationToken.None))!.Utf8Json.Length;
}
