using System.Text;
using System.Text.Json;
using CsCheck;
using Vexil.Core.Compilation;
using Vexil.Core.Context;
using Vexil.Core.Serialization;
using Vexil.Testing.Fuzzing;

namespace Vexil.Core.Tests.Fuzzing;

/// <summary>
/// The native format's reader and the evaluation context's reader under mutated input (issue #18, "beyond the
/// list"): whatever the bytes, reading answers a result or its errors and never throws; what it accepts compiles
/// or is refused with errors, evaluates without throwing, and writes a canonical document that reads back to the
/// same canonical document. <c>scripts/fuzz.sh</c> runs the same properties for longer.
/// </summary>
public sealed class NativeFormatFuzzTests(ITestOutputHelper output)
{
    private static readonly EvaluationContext[] Contexts =
    [
        EvaluationContext.Empty,
        EvaluationContext.CreateBuilder("user-1").Set("email", "a@example.com").Set("plan", "pro").Set("age", 42).Build(),
        EvaluationContext.CreateBuilder("鍵").Set("version", "1.2.3").Set("beta", true).Build(),
    ];

    [Fact]
    public void RulesetReader_NeverThrows_AndWhatItAcceptsRoundTrips()
    {
        var seeds = JsonMutator.Files(RepositoryFiles.Path("tests", "Vexil.Core.Tests", "Serialization", "Golden"));
        seeds.AddRange(JsonMutator.Files(RepositoryFiles.Path("tests", "Vexil.Server.Tests", "Delivery", "Compatibility", "Golden"), "ruleset-*.json"));
        var counts = new FuzzCounts();

        JsonMutator.Inputs(seeds).Sample(
            input => counts.Count(ReadCompileEvaluate(input)),
            iter: FuzzBudget.Iterations(3_000),
            time: FuzzBudget.Seconds,
            print: JsonMutator.Print);

        output.WriteLine(FuzzBudget.Report("native format", counts));
        Assert.True(counts.Accepted >= counts.Tried / 20, $"only {counts.Accepted} of {counts.Tried} inputs read as rulesets: the mutations reach no further than the parser");
        Assert.True(counts.Accepted <= counts.Tried * 19 / 20, $"{counts.Accepted} of {counts.Tried} inputs read as rulesets: the mutations change too little");
    }

    [Fact]
    public void EvaluationContextReader_AnswersAContextOrAFormatException()
    {
        var seeds = new List<byte[]>
        {
            """{"targetingKey":"user-1","email":"a@example.com","age":42,"beta":true,"tags":["a","b"],"org":{"id":"o-1","plan":"pro"}}"""u8.ToArray(),
            """{"targetingKey":"u","kind":"multi","user":{"key":"u"},"org":{"key":"o","nested":{"deep":[1,[2,[3]]]}}}"""u8.ToArray(),
            """{"version":"1.2.3","signup":"2026-12-07T00:00:00Z","n":null,"f":1.5}"""u8.ToArray(),
        };
        var counts = new FuzzCounts();

        JsonMutator.Inputs(seeds).Sample(
            input =>
            {
                JsonDocument document;
                try
                {
                    document = JsonDocument.Parse(input, new JsonDocumentOptions { MaxDepth = 64 });
                }
                catch (JsonException)
                {
                    counts.Count(accepted: false);
                    return;
                }

                using (document)
                {
                    try
                    {
                        var context = EvaluationContext.FromJson(document.RootElement);
                        _ = context.TargetingKey;
                        counts.Count(accepted: true);
                    }
                    catch (FormatException)
                    {
                        counts.Count(accepted: false);
                    }
                }
            },
            iter: FuzzBudget.Iterations(3_000),
            time: FuzzBudget.Seconds,
            print: JsonMutator.Print);

        output.WriteLine(FuzzBudget.Report("evaluation context", counts));
        Assert.True(counts.Accepted >= counts.Tried / 20, $"only {counts.Accepted} of {counts.Tried} contexts read");
    }

    /// <summary>Reads, and for an accepted ruleset compiles, evaluates and round-trips it; true when accepted.</summary>
    private static bool ReadCompileEvaluate(byte[] input)
    {
        var read = RulesetJson.Read(input);
        if (read.Ruleset is not { } definition)
        {
            Assert.NotEmpty(read.Errors);
            return false;
        }

        var canonical = RulesetJson.Write(definition);
        var again = RulesetJson.Read(canonical);
        Assert.True(again.Ruleset is not null, "the canonical document of an accepted ruleset is refused: " + string.Join("; ", again.Errors) + "\n" + Encoding.UTF8.GetString(canonical));
        Assert.Equal(Encoding.UTF8.GetString(canonical), Encoding.UTF8.GetString(RulesetJson.Write(again.Ruleset)));

        var compiled = RulesetCompiler.Compile(definition);
        if (compiled.Ruleset is { } ruleset)
        {
            var evaluated = 0;
            foreach (var flag in definition.Flags)
            {
                foreach (var context in Contexts)
                {
                    _ = ruleset.Evaluate(flag.Key, context);
                }

                if (++evaluated == 20)
                {
                    break;
                }
            }
        }
        else
        {
            Assert.NotEmpty(compiled.Errors);
        }

        return true;
    }
}
