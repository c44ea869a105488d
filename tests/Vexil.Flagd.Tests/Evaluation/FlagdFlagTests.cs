using System.Text.Json;
using Vexil.Core.Context;
using Vexil.Core.Evaluation;
using Vexil.Flagd.Tests.Conformance;

namespace Vexil.Flagd.Tests.Evaluation;

/// <summary>Compiled flagd flags answer every context without throwing.</summary>
public sealed class FlagdFlagTests
{
    private static readonly string[] OddContexts =
    [
        "{}",
        """{"targetingKey":"k","email":5,"version":[1,2],"user":"flat","id":null,"tier":{"a":1},"color":true,"num":"123"}""",
        """{"targetingKey":"ü🚀","email":"","version":"","user":{"name":7},"id":[],"time":"soon","hashing_input":{"x":[1]}}""",
        """{"email":{"nested":{"deeper":[[[]]]}},"version":1e308,"time":-1e308,"age":"29","customer":"false"}""",
    ];

    [Fact]
    public void Evaluate_EveryTestbedFlagWithOddContexts_NeverFailsUnexpectedly()
    {
        foreach (var file in new[] { Testbed.MergedFlagsFile, "evaluator/flags/testkit-flags.json" })
        {
            var ruleset = Testbed.Ruleset(file);
            foreach (var json in OddContexts)
            {
                var context = EvaluationContext.FromJson(JsonDocument.Parse(json).RootElement);
                foreach (var flag in ruleset.Flags.Values)
                {
                    var result = flag.Evaluate(context);

                    Assert.False(
                        result.ErrorCode == ErrorCode.General && result.ErrorMessage!.Contains("unexpectedly", StringComparison.Ordinal),
                        $"{file} {flag.Key} threw for {json}");
                    Assert.True(result.VariationIndex < flag.Variations.Length);
                }
            }
        }
    }
}
