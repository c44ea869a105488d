using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Vexil.Sdk.Tests.Readme;

public sealed partial class ReadmeTests
{
    /// <summary>The usings a new console project (<c>dotnet new console</c>, Microsoft.NET.Sdk) has implicitly.</summary>
    private const string ConsoleImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    [Fact]
    public void Every_csharp_block_of_the_README_is_compiled_in_ReadmeExamples()
    {
        var blocks = Blocks().Where(b => !IsProgram(b)).ToList();
        var examples = Normalize(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Readme", "ReadmeExamples.cs")));

        Assert.True(blocks.Count >= 5, "the README shows the main uses");
        foreach (var block in blocks)
        {
            Assert.True(examples.Contains(Normalize(block), StringComparison.Ordinal), "README block not in ReadmeExamples.cs:\n" + block);
        }
    }

    [Fact]
    public void The_quick_start_compiles_as_written_in_a_new_console_app()
    {
        var quickStart = Assert.Single(Blocks(), IsProgram);
        Assert.Contains("using Vexil.Sdk;", quickStart, StringComparison.Ordinal);

        var diagnostics = Compile(quickStart);

        Assert.Empty(diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
    }

    [Fact]
    public void The_compilation_check_fails_without_the_usings()
    {
        var quickStart = Assert.Single(Blocks(), IsProgram);
        var withoutUsings = string.Join('\n', quickStart.Split('\n').Where(l => !l.StartsWith("using Vexil", StringComparison.Ordinal)));

        var errors = Compile(withoutUsings).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

        Assert.Contains(errors, e => e.Id == "CS0246"); // VexilClient, VexilOptions, EvaluationContext: not found
    }

    /// <summary>A block that starts with its <c>using</c>s is a whole program (top-level statements), compiled alone.</summary>
    private static bool IsProgram(string block) => UsingDirective().IsMatch(block);

    private static List<string> Blocks()
    {
        var readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md"));
        return CSharpBlock().Matches(readme).Select(m => m.Groups[1].Value).ToList();
    }

    private static IReadOnlyList<Diagnostic> Compile(string program)
    {
        // What a console app referencing the package sees: the runtime, and Vexil.Sdk with its dependencies.
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll");
        string[] package = [typeof(VexilClient).Assembly.Location, typeof(Vexil.Core.Context.EvaluationContext).Assembly.Location];
        var references = trusted.Concat(package)
            .Concat(typeof(VexilClient).Assembly.GetReferencedAssemblies().Select(n => Assembly.Load(n).Location))
            .Distinct(StringComparer.Ordinal)
            .Select(p => MetadataReference.CreateFromFile(p));
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create(
            "QuickStart",
            [CSharpSyntaxTree.ParseText(ConsoleImplicitUsings, parse), CSharpSyntaxTree.ParseText(program, parse)],
            references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        return compilation.GetDiagnostics(TestContext.Current.CancellationToken);
    }

    private static string Normalize(string code) =>
        string.Join('\n', code.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

    [GeneratedRegex(@"\Ausing [A-Za-z][\w.]*;")]
    private static partial Regex UsingDirective();

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
