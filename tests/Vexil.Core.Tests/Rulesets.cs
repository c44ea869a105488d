using Vexil.Core.Compilation;
using Vexil.Core.Evaluation;

namespace Vexil.Core.Tests;

/// <summary>Builds rulesets for tests from JSON text.</summary>
internal static class Rulesets
{
    public static CompiledRuleset Compile(string flagsJson, string segmentsJson = "[]")
    {
        var result = Load(flagsJson, segmentsJson);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Ruleset!;
    }

    public static RulesetCompileResult Load(string flagsJson, string segmentsJson = "[]") =>
        RulesetCompiler.Load(System.Text.Encoding.UTF8.GetBytes(Document(flagsJson, segmentsJson)));

    public static string Document(string flagsJson, string segmentsJson = "[]") =>
        $$"""{"formatVersion":1,"environment":"test","version":3,"flags":{{flagsJson}},"segments":{{segmentsJson}}}""";

    /// <summary>A boolean flag with variations on/off, enabled, with the given extra JSON members.</summary>
    public static string BoolFlag(string key, string members = "", string fallthrough = """{"variation":"off"}""") =>
        $$"""{"key":"{{key}}","type":"boolean","variations":[{"key":"on","value":true},{"key":"off","value":false}],"version":2,"enabled":true,"offVariation":"off"{{(members.Length > 0 ? "," + members : "")}},"fallthrough":{{fallthrough}}}""";

    public static IReadOnlyList<string> ErrorStrings(RulesetCompileResult result)
    {
        var list = new List<string>();
        foreach (var error in result.Errors)
        {
            list.Add(error.ToString());
        }

        return list;
    }
}
