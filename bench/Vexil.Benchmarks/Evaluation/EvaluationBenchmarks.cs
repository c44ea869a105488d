using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;
using Vexil.Core.Context;
using Vexil.Core.Evaluation;

namespace Vexil.Benchmarks.Evaluation;

/// <summary>Evaluation of one flag for one prebuilt context. Every row must allocate 0 bytes (but the reference row).</summary>
[Config(typeof(BenchConfig))]
public class EvaluationBenchmarks
{
    private CompiledRuleset _ruleset = null!;
    private CompiledRuleset _large = null!;
    private EvaluationContext _context = null!;
    private IFeatureManager _featureManager = null!;
    private TargetingContext _targetingContext = null!;
    private Vexil.Core.Bucketing.Bucketer _bucketer = null!;


    [GlobalSetup]
    public void Setup()
    {
        _ruleset = RulesetFixtures.Compile(
            string.Join(',', RulesetFixtures.TwoRulesFlag, RulesetFixtures.SemVerFlag, RulesetFixtures.RegexFlag, RulesetFixtures.SegmentFlag),
            RulesetFixtures.Segment);
        var large = Vexil.Core.Compilation.RulesetCompiler.Compile(RulesetFixtures.Large(10_000));
        _large = large.Ruleset!;

        // Matches the first clause of each rule but not the second: all four clauses run, then the rollout.
        _context = EvaluationContext.CreateBuilder("user-4711")
            .Set("country", "NL")
            .Set("email", "someone@elsewhere.org")
            .Set("beta", true)
            .Set("plan", "pro")
            .Set("appVersion", "2.4.1")
            .Build();

        _bucketer = Vexil.Core.Bucketing.VexilV1Bucketing.Instance.ForSalt("checkout");

        _featureManager = BuildFeatureManager();
        _targetingContext = new TargetingContext { UserId = "user-4711", Groups = ["pro"] };
    }

    [Benchmark(Description = "bool flag, 2 rules x 2 clauses, 50% rollout")]
    public bool TwoRulesAndRollout() => _ruleset.EvaluateBoolean("checkout", _context, false).Value;

    [Benchmark(Description = "same flag, untyped Evaluate (no typed detail)")]
    public int Untyped() => _ruleset.Evaluate("checkout", _context).VariationIndex;

    [Benchmark(Description = "flag found by key among 10,000")]
    public bool AmongTenThousand() => _large.EvaluateBoolean("flag-7777", _context, false).Value;

    [Benchmark(Description = "segment match (segment rule, 2 clauses)")]
    public bool SegmentMatch() => _ruleset.EvaluateBoolean("segment", _context, false).Value;

    [Benchmark(Description = "semver clause")]
    public bool SemVer() => _ruleset.EvaluateBoolean("semver", _context, false).Value;

    [Benchmark(Description = "regex clause")]
    public bool Regex() => _ruleset.EvaluateBoolean("regex", _context, false).Value;

    [Benchmark(Description = "vexil-v1 bucket of a 9-character key (salt prepared)")]
    public int Bucket() => _bucketer.Bucket("user-4711");

    [Benchmark(Description = "unknown flag")]
    public bool UnknownFlag() => _ruleset.EvaluateBoolean("no-such-flag", _context, false).Value;

    [Benchmark(Description = "reference: Microsoft.FeatureManagement targeting filter, 50%")]
    public Task<bool> FeatureManagementTargeting() => _featureManager.IsEnabledAsync("checkout", _targetingContext);

    private static IFeatureManager BuildFeatureManager()
    {
        // The equivalent of the Vexil flag: two audiences (users, groups) and a 50% default rollout.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["feature_management:feature_flags:0:id"] = "checkout",
            ["feature_management:feature_flags:0:enabled"] = "true",
            ["feature_management:feature_flags:0:conditions:client_filters:0:name"] = "Microsoft.Targeting",
            ["feature_management:feature_flags:0:conditions:client_filters:0:parameters:Audience:Users:0"] = "staff-1",
            ["feature_management:feature_flags:0:conditions:client_filters:0:parameters:Audience:Groups:0:Name"] = "enterprise",
            ["feature_management:feature_flags:0:conditions:client_filters:0:parameters:Audience:Groups:0:RolloutPercentage"] = "100",
            ["feature_management:feature_flags:0:conditions:client_filters:0:parameters:Audience:DefaultRolloutPercentage"] = "50",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddFeatureManagement();
        return services.BuildServiceProvider().GetRequiredService<IFeatureManager>();
    }
}
