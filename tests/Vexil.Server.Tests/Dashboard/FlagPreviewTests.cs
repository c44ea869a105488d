using System.Text;
using Vexil.Core.Compilation;
using Vexil.Server.Dashboard.Flags;

namespace Vexil.Server.Tests.Dashboard;

public sealed class FlagPreviewTests
{
    private static readonly Vexil.Core.Evaluation.CompiledRuleset Ruleset = RulesetCompiler.Load(Encoding.UTF8.GetBytes("""
        {
          "formatVersion": 1, "environment": "production", "version": 3,
          "flags": [{
            "key": "f", "type": "boolean",
            "variations": [ { "key": "on", "value": true }, { "key": "off", "value": false } ],
            "enabled": true, "offVariation": "off",
            "targets": [ { "variation": "on", "values": ["alice"] } ],
            "rules": [ { "id": "staff", "clauses": [ { "attribute": "email", "operator": "endsWith", "values": ["@example.com"] } ],
                         "serve": { "rollout": { "weights": [ { "variation": "on", "weight": 30000 }, { "variation": "off", "weight": 70000 } ] } } } ],
            "fallthrough": { "variation": "off" }
          }]
        }
        """)).Ruleset!;

    [Fact]
    public void Run_ATarget_SaysSo()
    {
        var preview = FlagPreview.Run(Ruleset, "f", """{"targetingKey":"alice"}""");
        Assert.Equal(("on", "TARGETING_MATCH"), (preview.Variation, preview.Reason));
        Assert.Contains("individual target", preview.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ARolloutRule_NamesTheRuleAndTheBucket()
    {
        var preview = FlagPreview.Run(Ruleset, "f", """{"targetingKey":"bob","email":"bob@example.com"}""");
        Assert.Equal("SPLIT", preview.Reason);
        Assert.Matches("^Rule 1 \\(staff\\) .* bucket [0-9,]+ of 100,000", preview.Explanation!);
    }

    [Theory]
    [InlineData("{ nope", "not valid JSON")]
    [InlineData("[1]", "must be a JSON object")]
    [InlineData("""{"targetingKey":5}""", "must be a string")]
    [InlineData("""{"targetingKey":"\ud800"}""", "not valid Unicode")]
    public void Run_AContextThatIsNotAnObject_IsAnError(string context, string message)
    {
        var preview = FlagPreview.Run(Ruleset, "f", context);
        Assert.Contains(message, preview.Error, StringComparison.Ordinal);
        Assert.Null(preview.Variation);
    }

    [Fact]
    public void Run_NoContextYet_ShowsAnExampleAndRunsNothing()
    {
        var preview = FlagPreview.Run(Ruleset, "f", null);
        Assert.False(preview.Ran);
        Assert.Equal(FlagPreview.DefaultContext, preview.ContextJson);
    }
}
