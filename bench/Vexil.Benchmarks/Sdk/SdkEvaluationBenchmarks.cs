using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Vexil.Benchmarks.Evaluation;
using Vexil.Core.Context;
using Vexil.Sdk;
using Vexil.Sdk.Configuration;
using Vexil.Sdk.Diagnostics;
using Vexil.Sdk.Testing;

namespace Vexil.Benchmarks.Sdk;

/// <summary>
/// The core benchmark's flag (<see cref="RulesetFixtures.TwoRulesFlag"/>) evaluated through <see cref="VexilClient"/>:
/// snapshot read, lookup, evaluation and the summary counter. Target: median ≤ 60 ns, 0 bytes allocated. With
/// <see cref="Counted"/>, a listener takes the <c>feature_flag.evaluations</c> counter (key, variant, reason tags), as
/// an OpenTelemetry meter provider would: still 0 bytes.
/// </summary>
[Config(typeof(BenchConfig))]
public class SdkEvaluationBenchmarks
{
    private VexilClient _client = null!;
    private EvaluationContext _context = null!;
    private MeterListener? _listener;

    /// <summary>Whether something listens to the evaluation counter (off: today's default, nothing subscribed).</summary>
    [Params(false, true)]
    public bool Counted { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var data = new VexilTestData().Load(RulesetFixtures.Document(RulesetFixtures.TwoRulesFlag));
        _client = new VexilClient(new VexilOptions { TestData = data });
        if (Counted)
        {
            _listener = new MeterListener
            {
                InstrumentPublished = (instrument, l) =>
                {
                    if (instrument.Name == VexilTelemetry.EvaluationsCounterName)
                    {
                        l.EnableMeasurementEvents(instrument);
                    }
                },
            };
            _listener.SetMeasurementEventCallback<long>(static (_, _, _, _) => { });
            _listener.Start();
        }

        // The same context as EvaluationBenchmarks: all four clauses run, then the rollout.
        _context = EvaluationContext.CreateBuilder("user-4711")
            .Set("country", "NL")
            .Set("email", "someone@elsewhere.org")
            .Set("beta", true)
            .Set("plan", "pro")
            .Set("appVersion", "2.4.1")
            .Build();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _listener?.Dispose();
        _client.Dispose();
    }

    [Benchmark(Description = "VexilClient.GetBoolean: 2 rules x 2 clauses, 50% rollout")]
    public bool GetBoolean() => _client.GetBoolean("checkout", false, _context);

    [Benchmark(Description = "VexilClient.GetBooleanDetails: same flag")]
    public bool GetBooleanDetails() => _client.GetBooleanDetails("checkout", false, _context).Value;

    [Benchmark(Description = "VexilClient.GetBoolean: unknown flag")]
    public bool Unknown() => _client.GetBoolean("no-such-flag", false, _context);
}
