using CsCheck;
using Vexil.Core.Compilation;
using Vexil.Core.Evaluation;
using Vexil.Core.Model;
using Vexil.Core.Serialization;
using Vexil.Core.Tests.Compilation.Incremental.Generation;

namespace Vexil.Core.Tests.Compilation.Incremental;

/// <summary>
/// The differential property: applying a random sequence of changes gives, after every change, what compiling the
/// whole changed ruleset gives — both fail or both succeed, and then the same definitions and the same evaluation
/// for every flag and context. A failure prints CsCheck's seed; set <c>CsCheck_Seed</c> to replay it.
/// </summary>
public sealed class ApplyDifferentialTests(ITestOutputHelper output)
{
    // Scenarios per run; each applies 1 to 12 changes to a ruleset of up to 20 flags and 4 segments.
    private const int Scenarios = 400;

    [Fact]
    public void Apply_RandomChangeSequences_EqualsAFullCompileOfTheChangedRuleset()
    {
        var stats = new Stats();
        Gen.Int[0, 1_000_000].Array[0, 3_000].Sample(
            tape => Run(tape, stats),
            writeLine: output.WriteLine,
            iter: Scenarios,
            threads: 1,
            print: tape => $"a tape of {tape.Length} choices");

        output.WriteLine($"{stats.Valid} valid and {stats.Invalid} invalid changes, {stats.Dependents} dependents rebuilt");
        output.WriteLine("valid changes with: " + string.Join(", ", stats.Features.Select(f => $"{f.Key} {f.Value}")));

        // The generator must exercise both outcomes and the dependents, or the comparison proves little.
        Assert.True(stats.Valid + stats.Invalid >= 1_500, $"only {stats.Valid + stats.Invalid} changes");
        Assert.True(stats.Invalid >= stats.Valid / 10, $"only {stats.Invalid} invalid changes of {stats.Valid + stats.Invalid}");
        Assert.True(stats.Valid >= stats.Invalid, $"only {stats.Valid} valid changes of {stats.Valid + stats.Invalid}");
        Assert.True(stats.Dependents >= 100, $"only {stats.Dependents} dependents rebuilt");

        // And what imports bring, in valid changes (the equivalence is proven only for what was applied).
        foreach (var feature in VendorFeatures.All)
        {
            Assert.True(stats.Features.GetValueOrDefault(feature) >= 25, $"only {stats.Features.GetValueOrDefault(feature)} valid changes with {feature}");
        }
    }

    private static void Run(int[] tape, Stats stats)
    {
        var choices = new Choices(tape);
        var scenario = new ScenarioGenerator(choices);
        var model = scenario.Initial();
        var initial = RulesetCompiler.Compile(model.Definition());
        Assert.True(initial.IsValid, "the generated starting ruleset must be valid: " + string.Join("\n", initial.Errors));
        var current = initial.Ruleset!;
        var steps = 1 + choices.Next(12);
        for (var step = 0; step < steps; step++)
        {
            var change = scenario.Change(model, step);
            var where = $"change {step + 1} of {steps} ({Describe(change)})";
            var before = RulesetJson.Write(current.ToDefinition());
            var applied = RulesetCompiler.Apply(current, change);
            var after = model.After(change);
            var full = after is null ? null : RulesetCompiler.Compile(after.Definition());
            Assert.True(
                applied.IsValid == (full?.IsValid ?? false),
                $"{where}: Apply {(applied.IsValid ? "succeeded" : "failed")} but a full compile {(full is null ? "cannot express the change" : full.IsValid ? "succeeded" : "failed")}.\nApply: {string.Join("; ", applied.Errors)}\nfull: {string.Join("; ", full?.Errors ?? [])}");

            if (!applied.IsValid)
            {
                stats.Invalid++;
                Assert.NotEmpty(applied.Errors);
                Assert.True(before.AsSpan().SequenceEqual(RulesetJson.Write(current.ToDefinition())), where + ": a failed change altered the ruleset");
                continue;
            }

            stats.Valid++;
            foreach (var feature in VendorFeatures.Of(change))
            {
                stats.Features[feature] = stats.Features.GetValueOrDefault(feature) + 1;
            }

            RulesetEquivalence.AssertEquivalent(full!.Ruleset!, applied.Ruleset!, after!.Canonical(), where);
            stats.Dependents += RulesetEquivalence.AssertShared(current, applied.Ruleset!, change, after, where);
            Assert.Equal(ExpectedChangedKeys(current, change), applied.ChangedFlagKeys);
            current = applied.Ruleset!;
            model = after;
        }
    }

    private static List<string> ExpectedChangedKeys(CompiledRuleset before, RulesetChange change) =>
        [.. change.UpsertFlags.Select(f => f.Key), .. change.DeleteFlags.Where(k => before.TryGetFlag(k, out _))];

    private static string Describe(RulesetChange change) =>
        $"upsert flags [{string.Join(", ", change.UpsertFlags.Select(f => f.Key))}], delete flags [{string.Join(", ", change.DeleteFlags)}], "
        + $"upsert segments [{string.Join(", ", change.UpsertSegments.Select(s => s.Key))}], delete segments [{string.Join(", ", change.DeleteSegments)}]";

    private sealed class Stats
    {
        public int Valid;
        public int Invalid;
        public int Dependents;
        public readonly Dictionary<string, int> Features = new(StringComparer.Ordinal);
    }
}
