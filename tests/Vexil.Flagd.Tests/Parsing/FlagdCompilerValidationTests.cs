namespace Vexil.Flagd.Tests.Parsing;

/// <summary>The fixtures of open-feature/flagd-schemas (see Conformance/flagd-schemas/README.md).</summary>
public sealed class FlagdCompilerValidationTests
{
    private static string Fixture(string folder, string name) =>
        Path.Combine(AppContext.BaseDirectory, "Conformance", "flagd-schemas", folder, name);

    public static TheoryData<string> PositiveFixtures => new(
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Conformance", "flagd-schemas", "positive"), "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(PositiveFixtures))]
    public void Compile_PositiveFixture_HasNoErrors(string name)
    {
        var result = FlagdCompiler.Compile(File.ReadAllBytes(Fixture("positive", name)), FlagdCompileOptions.Default);

        Assert.Empty(result.Errors);
        Assert.True(result.Succeeded);
        Assert.NotEmpty(result.Ruleset!.Flags);
    }

    [Theory]
    [InlineData("empty-variants.json", "flags.myBoolFlag.variants: a flag must have at least one variant")]
    [InlineData("missing-variants.json", "flags.myBoolFlag: a flag must have 'variants'")]
    [InlineData("mixed-variant-types.ffconfig.json", "flags.myBoolFlag.variants.off: every variant of a flag must have one type: this one is a string, an earlier one a boolean")]
    [InlineData("state-set-incorrectly.json", "flags.myBoolFlag.state: the state must be ENABLED or DISABLED, not \"WILL-FAIL\"")]
    [InlineData("with-invalid-flag-metadata.json", "flags.myBoolFlag.metadata.invalid: a metadata value must be a string, a number or a boolean")]
    [InlineData("with-invalid-targeting.json", "flags.targetedFlag.targeting: unknown operator 'not-a-real-rule'")]
    public void Compile_NegativeFixture_ReportsTheFlagsError(string name, string expected)
    {
        var result = FlagdCompiler.Compile(File.ReadAllBytes(Fixture("negative", name)), FlagdCompileOptions.Default);

        Assert.Equal(expected, Assert.Single(result.Errors).ToString());
        Assert.False(result.Succeeded);
    }

    [Fact]
    public void Compile_MalformedFlag_ReportsItAndKeepsTheValidFlag()
    {
        var result = FlagdCompiler.Compile(File.ReadAllBytes(Fixture("negative", "malformed-flag.json")), FlagdCompileOptions.Default);

        Assert.Equal(
            ["flags.not-a-flag: a flag must have a 'state' (ENABLED or DISABLED)", "flags.not-a-flag: a flag must have 'variants'"],
            result.Errors.Select(e => e.ToString()));
        Assert.True(result.Ruleset!.TryGetFlag("myBoolFlag", out _));
        Assert.False(result.Ruleset.TryGetFlag("not-a-flag", out _));
    }

    [Fact]
    public void Compile_InvalidFlagSetMetadata_ReportsItAndKeepsTheFlags()
    {
        var result = FlagdCompiler.Compile(File.ReadAllBytes(Fixture("negative", "with-invalid-flag-set-metadata.json")), FlagdCompileOptions.Default);

        Assert.Equal("metadata.invalid: a metadata value must be a string, a number or a boolean", Assert.Single(result.Errors).ToString());
        Assert.True(result.Ruleset!.TryGetFlag("myBoolFlag", out _));
    }

    [Fact]
    public void Compile_ArrayOfFlags_IsAcceptedAsFlagdsDaemonForm()
    {
        // Negative for the provider schema (flags.json), valid for flagd's own (flagd.json): Vexil reads both.
        var result = FlagdCompiler.Compile(File.ReadAllBytes(Fixture("negative", "with-array-flags.json")), FlagdCompileOptions.Default);

        Assert.Empty(result.Errors);
        Assert.True(result.Ruleset!.TryGetFlag("myBoolFlag", out _));
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[]", "a flagd document must be a JSON object")]
    [InlineData("{}", "a flagd document must have 'flags'")]
    [InlineData("""{"flags":3}""", "'flags' must be an object of flags by key")]
    public void Compile_NotAFlagSet_ReturnsNoRuleset(string json, string expected)
    {
        var result = FlagdCompiler.Compile(System.Text.Encoding.UTF8.GetBytes(json), FlagdCompileOptions.Default);

        Assert.Null(result.Ruleset);
        Assert.Contains(expected, Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }
}
