using System.Text;
using System.Text.RegularExpressions;
using Vexil.Core.Compilation;
using Vexil.Core.Context;
using Vexil.Core.Evaluation;

namespace Vexil.Core.Tests.Documentation;

/// <summary>The JSON examples in the README and docs/flag-format.md compile and do what the prose says.</summary>
public sealed partial class DocumentationExampleTests
{
    [Fact]
    public void Readme_Example_EvaluatesAsDescribed()
    {
        var compiled = RulesetCompiler.Load(Encoding.UTF8.GetBytes(FirstJsonBlock("README.md")));
        var ruleset = compiled.Ruleset ?? throw new InvalidOperationException(string.Join("\n", compiled.Errors));

        var context = EvaluationContext.CreateBuilder("user-42").Set("email", "ada@example.com").Build();
        var detail = ruleset.EvaluateBoolean("new-checkout", context, defaultValue: false);

        Assert.True(detail.Value);
        Assert.Equal(EvaluationReason.TargetingMatch, detail.Reason);
        Assert.Equal("staff", detail.Detail.RuleId);
        Assert.True(ruleset.EvaluateBoolean("new-checkout", EvaluationContext.CreateBuilder("qa-user-1").Build(), false).Value);
        var everyoneElse = ruleset.EvaluateBoolean("new-checkout", EvaluationContext.CreateBuilder("user-43").Build(), true);
        Assert.Equal(EvaluationReason.Split, everyoneElse.Reason);
    }

    [Fact]
    public void FlagFormat_Example_Compiles()
    {
        var compiled = RulesetCompiler.Load(Encoding.UTF8.GetBytes(FirstJsonBlock(Path.Combine("docs", "flag-format.md"))));

        Assert.True(compiled.IsValid, string.Join("\n", compiled.Errors));
        Assert.Equal(2, compiled.Ruleset!.Flags.Count);
    }

    private static string FirstJsonBlock(string relativePath)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), relativePath));
        var match = JsonBlock().Match(text);
        Assert.True(match.Success, $"{relativePath} has no ```json block");
        return match.Groups[1].Value;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Vexil.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Vexil.slnx not found above the test binaries");
    }

    [GeneratedRegex("```json\\n(.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
