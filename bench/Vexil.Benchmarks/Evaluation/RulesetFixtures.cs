using System.Text;
using Vexil.Core.Compilation;
using Vexil.Core.Evaluation;
using Vexil.Core.Model;
using Vexil.Core.Serialization;

namespace Vexil.Benchmarks.Evaluation;

/// <summary>The rulesets the benchmarks evaluate, written in the native format.</summary>
internal static class RulesetFixtures
{
    /// <summary>A boolean flag with two rules of two clauses each and a 50% rollout fallthrough.</summary>
    public const string TwoRulesFlag = """
        {"key":"checkout","type":"boolean","variations":[{"key":"on","value":true},{"key":"off","value":false}],"enabled":true,"offVariation":"off",
         "rules":[
           {"id":"staff","clauses":[{"attribute":"country","operator":"in","values":["NL","DE"]},{"attribute":"email","operator":"endsWith","values":["@example.com"]}],"serve":{"variation":"on"}},
           {"id":"pro","clauses":[{"attribute":"beta","operator":"in","values":[true]},{"attribute":"plan","operator":"in","values":["enterprise"]}],"serve":{"variation":"on"}}
         ],
         "fallthrough":{"rollout":{"weights":[{"variation":"on","weight":50000},{"variation":"off","weight":50000}]}}}
        """;

    public const string SemVerFlag = """
        {"key":"semver","type":"boolean","variations":[{"key":"on","value":true},{"key":"off","value":false}],"enabled":true,
         "rules":[{"id":"new-app","clauses":[{"attribute":"appVersion","operator":"semVerGte","values":["2.3.0-rc.1"]}],"serve":{"variation":"on"}}],
         "fallthrough":{"variation":"off"}}
        """;

    public const string RegexFlag = """
        {"key":"regex","type":"boolean","variations":[{"key":"on","value":true},{"key":"off","value":false}],"enabled":true,
         "rules":[{"id":"internal","clauses":[{"attribute":"email","operator":"matches","values":["^[a-z.]+@(example|corp)\\.com$"]}],"serve":{"variation":"on"}}],
         "fallthrough":{"variation":"off"}}
        """;

    public const string SegmentFlag = """
        {"key":"segment","type":"boolean","variations":[{"key":"on","value":true},{"key":"off","value":false}],"enabled":true,
         "rules":[{"id":"beta","clauses":[{"operator":"segmentMatch","values":["beta-testers"]}],"serve":{"variation":"on"}}],
         "fallthrough":{"variation":"off"}}
        """;

    public const string Segment = """
        {"key":"beta-testers","included":["user-1","user-2","user-3"],"excluded":["user-9"],
         "rules":[{"id":"nl-pro","clauses":[{"attribute":"country","operator":"in","values":["NL"]},{"attribute":"plan","operator":"in","values":["pro"]}]}]}
        """;

    public static CompiledRuleset Compile(string flags, string segments = "") =>
        RulesetCompiler.Load(Encoding.UTF8.GetBytes(Document(flags, segments))).Ruleset ?? throw new InvalidOperationException("fixture does not compile");

    public static string Document(string flags, string segments = "") =>
        $$"""{"formatVersion":1,"environment":"bench","version":1,"flags":[{{flags}}],"segments":[{{segments}}]}""";

    /// <summary>A ruleset of <paramref name="count"/> flags, each with a rule and a rollout, as a definition.</summary>
    public static RulesetDefinition Large(int count)
    {
        var builder = new StringBuilder(count * 600);
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            builder.Append(TwoRulesFlag.Replace("\"checkout\"", "\"flag-" + i + "\"", StringComparison.Ordinal));
        }

        var read = RulesetJson.Read(Encoding.UTF8.GetBytes(Document(builder.ToString())));
        return read.Ruleset ?? throw new InvalidOperationException(string.Join("\n", read.Errors));
    }
}
