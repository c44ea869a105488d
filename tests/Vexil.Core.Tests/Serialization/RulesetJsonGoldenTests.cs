using System.Text;
using System.Text.Json;
using Json.Schema;
using Vexil.Core.Compilation;
using EvaluationContext = Vexil.Core.Context.EvaluationContext;
using Vexil.Core.Serialization;

namespace Vexil.Core.Tests.Serialization;

public sealed class RulesetJsonGoldenTests
{
    private static readonly string GoldenFolder = Path.Combine(AppContext.BaseDirectory, "Serialization", "Golden");
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "schema", "ruleset-v1.schema.json")));

    public static TheoryData<string> GoldenFiles => ["full.json", "minimal.json", "imported.json"];

    [Theory]
    [MemberData(nameof(GoldenFiles))]
    public void ReadThenWrite_GoldenFile_ReproducesItByteForByte(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(GoldenFolder, file));

        var read = RulesetJson.Read(bytes);

        Assert.True(read.IsValid, string.Join("\n", read.Errors));
        var written = Encoding.UTF8.GetString(RulesetJson.Write(read.Ruleset!, indented: true)) + "\n";
        Assert.Equal(Encoding.UTF8.GetString(bytes), written);
    }

    [Theory]
    [MemberData(nameof(GoldenFiles))]
    public void CompactRoundTrip_GoldenFile_IsLossless(string file)
    {
        var original = RulesetJson.Read(File.ReadAllBytes(Path.Combine(GoldenFolder, file))).Ruleset!;

        var compact = RulesetJson.Write(original);
        var again = RulesetJson.Read(compact);

        Assert.True(again.IsValid);
        Assert.Equal(compact, RulesetJson.Write(again.Ruleset!));
    }

    [Theory]
    [MemberData(nameof(GoldenFiles))]
    public void Schema_GoldenFile_IsValid(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(GoldenFolder, file)));

        var result = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(result.IsValid, JsonSerializer.Serialize(result));
    }

    [Theory]
    [InlineData("""{"formatVersion":1,"version":1,"flags":[{"key":"f","type":"boolean","variations":[{"key":"on","value":true}],"fallthrough":{"variation":"on"},"colour":1}]}""")]
    [InlineData("""{"formatVersion":1,"version":1,"flags":[{"key":"f","type":"boolean","variations":[{"key":"on","value":"yes"}],"fallthrough":{"variation":"on"}}]}""")]
    [InlineData("""{"formatVersion":1,"version":1,"flags":[{"key":"f","type":"boolean","variations":[{"key":"on","value":true}],"fallthrough":{"variation":"on","rollout":{"weights":[]}}}]}""")]
    [InlineData("""{"formatVersion":2,"version":1}""")]
    public void Schema_AndReader_BothRejectInvalidDocuments(string json)
    {
        using var document = JsonDocument.Parse(json);

        Assert.False(Schema.Value.Evaluate(document.RootElement).IsValid);
        Assert.False(RulesetCompiler.Load(Encoding.UTF8.GetBytes(json)).IsValid);
    }

    [Fact]
    public void Compile_FullGoldenFile_EvaluatesEveryPart()
    {
        var ruleset = RulesetCompiler.Load(File.ReadAllBytes(Path.Combine(GoldenFolder, "full.json"))).Ruleset!;

        Assert.Equal(42, ruleset.Version);
        Assert.Equal("production", ruleset.Environment);
        Assert.Equal("on", ruleset.Evaluate("new-checkout", EvaluationContext.CreateBuilder("user-1").Build()).VariationKey);
        var beta = ruleset.Evaluate("new-checkout", EvaluationContext.CreateBuilder("user-7").Build());
        Assert.Equal((Vexil.Core.Evaluation.EvaluationReason.Split, "beta"), (beta.Reason, beta.Detail.RuleId));
        Assert.Equal(beta.Detail.Bucket < 50_000 ? "on" : "off", beta.VariationKey);
        Assert.Equal(1000, ruleset.EvaluateNumber("ratio", EvaluationContext.Empty, 0).Value);
        Assert.Equal(Vexil.Core.Evaluation.EvaluationReason.Disabled, ruleset.Evaluate("limits", EvaluationContext.Empty).Reason);
    }
}
