using System.Text;
using Vexil.Core.Context;

namespace Vexil.Flagd.Tests.JsonLogic;

public sealed class StaticContextTests
{
    private const string Flags = """
        {"flags":{"region-flag":{"state":"ENABLED","variants":{"eu":"eu","us":"us","none":"none"},"defaultVariant":"none",
          "targeting":{"if":[{"==":[{"var":"region"},"eu"]},"eu",{"==":[{"var":"region"},"us"]},"us",null]}}}}
        """;

    [Fact]
    public void StaticContext_FillsAttributesTheRequestLacks_AndTheRequestWins()
    {
        var options = FlagdCompileOptions.Default with
        {
            StaticContext = new Dictionary<string, ContextValue>(StringComparer.Ordinal) { ["region"] = ContextValue.Of("eu") },
        };
        var ruleset = FlagdCompiler.Compile(Encoding.UTF8.GetBytes(Flags), options).Ruleset!;

        var fromStatic = ruleset.EvaluateString("region-flag", EvaluationContext.Empty, "x");
        var fromRequest = ruleset.EvaluateString("region-flag", EvaluationContext.CreateBuilder().Set("region", "us").Build(), "x");

        Assert.Equal("eu", fromStatic.Value);
        Assert.Equal("us", fromRequest.Value);
    }

    [Fact]
    public void WithoutStaticContext_AMissingAttributeStaysMissing()
    {
        var ruleset = FlagdCompiler.Compile(Encoding.UTF8.GetBytes(Flags), FlagdCompileOptions.Default).Ruleset!;

        Assert.Equal("none", ruleset.EvaluateString("region-flag", EvaluationContext.Empty, "x").Value);
    }
}
