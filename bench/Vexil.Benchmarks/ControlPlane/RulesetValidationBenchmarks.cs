using BenchmarkDotNet.Attributes;
using Vexil.Server.Flags;

namespace Vexil.Benchmarks.ControlPlane;

/// <summary>
/// The validation inside every flag write (<see cref="CoreFlagValidator"/>: read and compile the environment's whole
/// candidate ruleset) alone, for the environments of <see cref="FlagWriteBenchmarks"/>; no I/O.
/// </summary>
[Config(typeof(BenchConfig))]
public class RulesetValidationBenchmarks
{
    private readonly CoreFlagValidator _validator = new();
    private byte[] _ruleset = null!;

    [Params(100, 1_000)]
    public int Flags { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        await using var host = await BenchmarkStore.CreateAsync(StoreKind.Sqlite);
        await ControlPlaneSeeder.SeedAsync(host, "bench", Flags);
        var environment = (await host.Store.GetEnvironmentAsync("bench", "production", CancellationToken.None))!;
        _ruleset = (await host.Store.GetRulesetJsonAsync(environment.Id, CancellationToken.None))!.Utf8Json;
        Console.WriteLine($"// ruleset of {Flags:N0} flags: {_ruleset.Length:N0} bytes");
    }

    [Benchmark(Description = "validate candidate ruleset")]
    public int Validate() => _validator.Validate(_ruleset).Count;
}
