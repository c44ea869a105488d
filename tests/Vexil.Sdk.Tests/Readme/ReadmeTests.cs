using System.Text.RegularExpressions;

namespace Vexil.Sdk.Tests.Readme;

public sealed partial class ReadmeTests
{
    [Fact]
    public void Every_csharp_block_of_the_README_is_compiled_in_ReadmeExamples()
    {
        var readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md"));
        var examples = Normalize(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Readme", "ReadmeExamples.cs")));
        var blocks = CSharpBlock().Matches(readme).Select(m => m.Groups[1].Value).ToList();

        Assert.True(blocks.Count >= 5, "the README shows the main uses");
        foreach (var block in blocks)
        {
            Assert.True(examples.Contains(Normalize(block), StringComparison.Ordinal), "README block not in ReadmeExamples.cs:\n" + block);
        }
    }

    private static string Normalize(string code) =>
        string.Join('\n', code.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
