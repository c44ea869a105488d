using System.Collections.Concurrent;
using System.Text.Json;
using Vexil.Core.Evaluation;

namespace Vexil.Flagd.Tests.Conformance;

/// <summary>Loads the copied flagd testbed: its cases, and its flag files compiled through <see cref="FlagdCompiler"/>.</summary>
public static class Testbed
{
    /// <summary>The instant $flagd.timestamp reads in the conformance tests.</summary>
    public static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>What the testbed's launchpad builds by merging every file of flags/.</summary>
    public const string MergedFlagsFile = "flags/allFlags.json";

    private static readonly Lazy<IReadOnlyList<TestbedCase>> LazyCases = new(LoadCases);
    private static readonly ConcurrentDictionary<string, FlagdCompileResult> Compiled = new(StringComparer.Ordinal);

    public static string Root => Path.Combine(AppContext.BaseDirectory, "Conformance", "flagd-testbed");

    public static IReadOnlyList<TestbedCase> Cases => LazyCases.Value;

    public static TestbedCase Case(string id) => Cases.Single(c => c.Id == id);

    /// <summary>
    /// As the testbed runs flagd: its sync stream adds <c>injectedmetadata: set</c> to every context, which Vexil
    /// expresses as static context (flagd's <c>--context-value</c>).
    /// </summary>
    public static FlagdCompileOptions Options { get; } = new()
    {
        TimeProvider = new FixedTimeProvider(Now),
        Environment = "testbed",
        Version = 1,
        StaticContext = new Dictionary<string, Vexil.Core.Context.ContextValue>(StringComparer.Ordinal) { ["injectedmetadata"] = Vexil.Core.Context.ContextValue.Of("set") },
    };

    /// <summary>Compiles a case's flags file once; <see cref="MergedFlagsFile"/> compiles flags/*.json in name order.</summary>
    public static FlagdCompileResult Compile(string flagsFile) => Compiled.GetOrAdd(flagsFile, static file =>
    {
        if (file == MergedFlagsFile)
        {
            var files = Directory.GetFiles(Path.Combine(Root, "flags"), "*.json").Order(StringComparer.Ordinal);
            return FlagdCompiler.Compile(files.Select(f => new ReadOnlyMemory<byte>(File.ReadAllBytes(f))).ToList(), Options);
        }

        return FlagdCompiler.Compile(File.ReadAllBytes(Path.Combine(Root, file)), Options);
    });

    public static CompiledRuleset Ruleset(string flagsFile) =>
        Compile(flagsFile).Ruleset ?? throw new InvalidOperationException($"{flagsFile} did not compile: {string.Join("; ", Compile(flagsFile).Errors)}");

    private static IReadOnlyList<TestbedCase> LoadCases()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Root, "flattened-cases.json")));
        return [.. document.RootElement.GetProperty("cases").EnumerateArray().Select(TestbedCase.FromJson)];
    }
}
