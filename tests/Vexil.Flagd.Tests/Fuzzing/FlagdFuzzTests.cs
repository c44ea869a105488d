using CsCheck;
using Vexil.Core.Compilation;
using Vexil.Core.Context;
using Vexil.Core.Model;
using Vexil.Flagd.Import;
using Vexil.Testing.Fuzzing;

namespace Vexil.Flagd.Tests.Fuzzing;

/// <summary>
/// flagd flag files (what <c>vexil serve</c> reads and the flagd import takes) under mutated input, seeded with
/// flagd's testbed and schema examples: compiling answers a ruleset or errors and never throws, and what compiles
/// evaluates without throwing; the import answers flags or refusals, and what it translates compiles or is refused
/// with errors, never an exception.
/// </summary>
public sealed class FlagdFuzzTests(ITestOutputHelper output)
{
    private static readonly EvaluationContext Context = EvaluationContext.CreateBuilder("user-1").Set("email", "a@faas.com").Set("color", "yellow").Set("age", 42).Build();

    private static List<byte[]> Seeds()
    {
        var seeds = JsonMutator.Files(RepositoryFiles.Path("tests", "Vexil.Flagd.Tests", "Conformance", "flagd-testbed", "flags"));
        seeds.AddRange(JsonMutator.Files(RepositoryFiles.Path("tests", "Vexil.Flagd.Tests", "Conformance", "flagd-schemas", "positive")));
        return seeds;
    }

    [Fact]
    public void FlagdCompiler_NeverThrows()
    {
        var counts = new FuzzCounts();
        JsonMutator.Inputs(Seeds()).Sample(
            input =>
            {
                var result = FlagdCompiler.Compile(input, FlagdCompileOptions.Default);
                if (result.Ruleset is { } ruleset)
                {
                    foreach (var key in ruleset.Flags.Keys)
                    {
                        _ = ruleset.Evaluate(key, Context);
                    }
                }
                else
                {
                    Assert.NotEmpty(result.Errors);
                }

                counts.Count(result.Ruleset is not null);
            },
            iter: FuzzBudget.Iterations(1_500),
            time: FuzzBudget.Seconds,
            print: JsonMutator.Print);

        output.WriteLine(FuzzBudget.Report("flagd files", counts));
        Assert.True(counts.Accepted >= counts.Tried / 20, $"only {counts.Accepted} of {counts.Tried} flag files compiled");
    }

    [Fact]
    public void FlagdImport_NeverThrows_AndWhatItTranslatesCompilesOrIsRefused()
    {
        var counts = new FuzzCounts();
        JsonMutator.Inputs(Seeds()).Sample(
            input =>
            {
                var result = FlagdImporter.Translate(input);
                if (result.Flags.Count > 0)
                {
                    var compiled = RulesetCompiler.Compile(new RulesetDefinition("fuzz", 1, result.Flags, []));
                    Assert.True(compiled.Ruleset is not null || compiled.Errors.Count > 0);
                }

                counts.Count(result.Flags.Count > 0);
            },
            iter: FuzzBudget.Iterations(1_500),
            time: FuzzBudget.Seconds,
            print: JsonMutator.Print);

        output.WriteLine(FuzzBudget.Report("flagd import", counts));
        Assert.True(counts.Accepted >= counts.Tried / 20, $"only {counts.Accepted} of {counts.Tried} flag files translated");
    }
}
