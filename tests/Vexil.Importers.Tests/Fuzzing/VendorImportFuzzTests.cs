using System.Text.Json.Nodes;
using CsCheck;
using Vexil.Core.Compilation;
using Vexil.Core.Model;
using Vexil.Importers.LaunchDarkly;
using Vexil.Importers.Tests.LaunchDarkly;
using Vexil.Importers.Unleash;
using Vexil.Testing.Fuzzing;

namespace Vexil.Importers.Tests.Fuzzing;

/// <summary>
/// The LaunchDarkly and Unleash importers under mutated vendor documents, seeded with the random flag sets of the
/// differential tests and Unleash's client specification: an import answers flags and segments or refusals with
/// paths, never an exception, and what it translates compiles or is refused with errors.
/// </summary>
public sealed class VendorImportFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void LaunchDarklyImport_NeverThrows()
    {
        var seeds = new List<byte[]>();
        for (var seed = 1; seed <= 6; seed++)
        {
            seeds.Add(System.Text.Encoding.UTF8.GetBytes(new LaunchDarklyGenerator(seed).FlagSet(4, out _).ToJsonString()));
        }

        Run("launchdarkly import", seeds, LaunchDarklyImporter.Translate);
    }

    [Fact]
    public void UnleashImport_NeverThrows()
    {
        var seeds = new List<byte[]>();
        foreach (var file in Directory.EnumerateFiles(RepositoryFiles.Path("tests", "Vexil.Importers.Tests", "Conformance", "unleash-client-specification"), "*.json").Order(StringComparer.Ordinal))
        {
            // A specification file holds the client's state (what the importer reads) beside its test cases.
            if (JsonNode.Parse(File.ReadAllText(file))?["state"] is JsonObject state)
            {
                seeds.Add(System.Text.Encoding.UTF8.GetBytes(state.ToJsonString()));
            }
        }

        Run("unleash import", seeds, UnleashImporter.Translate);
    }

    private delegate ImportResult Translate(ReadOnlySpan<byte> utf8Json);

    private void Run(string name, List<byte[]> seeds, Translate translate)
    {
        Assert.NotEmpty(seeds);
        var counts = new FuzzCounts();
        JsonMutator.Inputs(seeds).Sample(
            input =>
            {
                var result = translate(input);
                if (result.Flags.Count > 0 || result.Segments.Count > 0)
                {
                    var compiled = RulesetCompiler.Compile(new RulesetDefinition("fuzz", 1, result.Flags, result.Segments));
                    Assert.True(compiled.Ruleset is not null || compiled.Errors.Count > 0);
                }
                else
                {
                    Assert.True(result.Errors.Count > 0 || result.RefusedFlags.Count == 0);
                }

                counts.Count(result.Flags.Count > 0);
            },
            iter: FuzzBudget.Iterations(1_500),
            time: FuzzBudget.Seconds,
            print: JsonMutator.Print);

        output.WriteLine(FuzzBudget.Report(name, counts));
        Assert.True(counts.Accepted >= counts.Tried / 20, $"only {counts.Accepted} of {counts.Tried} documents imported a flag");
    }
}
