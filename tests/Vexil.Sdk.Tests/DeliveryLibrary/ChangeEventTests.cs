using System.Text;
using Vexil.Core.Compilation;
using Vexil.Core.Evaluation;
using Vexil.Core.Serialization;
using Vexil.Delivery.Changes;

namespace Vexil.Sdk.Tests.DeliveryLibrary;

/// <summary>Vexil.Delivery's one change event: read strictly, written in the protocol's form, applied incrementally.</summary>
public sealed class ChangeEventTests
{
    private const string Segment = """{"key":"beta","version":1,"included":["u1"],"excluded":[],"rules":[]}""";

    private static readonly string Held = Ruleset(4, [Flag("a", true, 1), Flag("b", true, 1), Flag("c", true, 1), InSegment("d", 1)], [Segment]);

    [Fact]
    public void A_change_applied_to_the_held_ruleset_equals_the_compile_of_the_whole_document()
    {
        var held = Load(Held);
        var change = Read($$$"""{"version":5,"committedAt":"2026-12-07T10:00:00+00:00","flags":{"upsert":[{{{Flag("b", false, 2)}}},{{{Flag("e", true, 1)}}}],"delete":["a"]},"segments":{"upsert":[],"delete":[]}}""");

        var applied = change.ApplyTo(held);

        Assert.Empty(applied.Errors);
        var whole = Load(Ruleset(5, [Flag("b", false, 2), Flag("c", true, 1), InSegment("d", 1), Flag("e", true, 1)], [Segment]));
        Assert.Equal(Canonical(whole), Canonical(applied.Ruleset!));
        Assert.Equal(["b", "e", "a"], applied.ChangedFlagKeys);
        Assert.Empty(applied.DependentFlagKeys);

        // The held ruleset was not parsed again: untouched flags are the same compiled instances.
        Assert.True(held.TryGetFlag("c", out var before));
        Assert.True(applied.Ruleset!.TryGetFlag("c", out var after));
        Assert.Same(before, after);
        Assert.Equal(4, held.Version); // and it was not modified
    }

    [Fact]
    public void A_segment_change_recompiles_exactly_the_flags_that_use_it()
    {
        var held = Load(Held);
        var change = Read("""{"version":5,"flags":{"upsert":[],"delete":[]},"segments":{"upsert":[{"key":"beta","version":2,"included":["u2"],"excluded":[],"rules":[]}],"delete":[]}}""");

        var applied = change.ApplyTo(held);

        Assert.Empty(applied.Errors);
        Assert.Empty(applied.ChangedFlagKeys);
        Assert.Equal(["d"], applied.DependentFlagKeys);
        Assert.Equal("on", applied.Ruleset!.Evaluate("d", Context("u2")).VariationKey);
        Assert.Equal("off", applied.Ruleset.Evaluate("d", Context("u1")).VariationKey);
    }

    [Fact]
    public void The_written_event_reads_back_to_the_same_change()
    {
        var text = $$$"""{"version":7,"committedAt":"2026-12-07T10:00:00+00:00","flags":{"upsert":[{{{Flag("b", false, 2)}}}],"delete":["a"]},"segments":{"upsert":[{{{Segment}}}],"delete":["old"]}}""";
        var change = Read(text);

        var written = change.ToUtf8Json();

        var again = Read(Encoding.UTF8.GetString(written));
        Assert.Equal(7, again.Version);
        Assert.Equal(change.CommittedAt, again.CommittedAt);
        Assert.Equal(["a"], again.Change.DeleteFlags);
        Assert.Equal(["old"], again.Change.DeleteSegments);
        Assert.Equal(written, again.ToUtf8Json());
    }

    [Theory]
    [InlineData("""{"version":5,"flags":{"upsert":[{"key":"a","type":"boolean"}]}}""", "flags.upsert[0]")]
    [InlineData("""{"version":5,"flags":[]}""", "flags")]
    [InlineData("""{"version":0}""", "version")]
    [InlineData("""{"flags":{"upsert":[],"delete":[]}}""", "version")]
    [InlineData("""{"version":5,"flags":{"upsert":[],"delete":[""]}}""", "flags.delete[0]")]
    [InlineData("""{"version":5,"surprise":1}""", "surprise")]
    [InlineData("""{"version":5,"version":6}""", "version")]
    [InlineData("""not json""", "")]
    public void Invalid_events_are_refused_with_the_path_of_the_problem(string text, string path)
    {
        var read = ChangeEvent.Read(Encoding.UTF8.GetBytes(text));

        Assert.False(read.IsValid);
        Assert.Contains(read.Errors, e => e.Path.StartsWith(path, StringComparison.Ordinal));
    }

    [Fact]
    public void A_change_that_fails_validation_leaves_nothing_applied()
    {
        var held = Load(Held);
        var change = Read($$$"""{"version":5,"flags":{"upsert":[{{{Flag("b", false, 2).Replace("\"variation\":\"off\"", "\"variation\":\"nowhere\"", StringComparison.Ordinal)}}}],"delete":[]},"segments":{"upsert":[],"delete":[]}}""");

        var applied = change.ApplyTo(held);

        Assert.Null(applied.Ruleset);
        Assert.NotEmpty(applied.Errors);
        Assert.Equal("on", held.Evaluate("b", Context("u1")).VariationKey);
    }

    internal static string Flag(string key, bool on, long version) =>
        $$$"""{"key":"{{{key}}}","version":{{{version}}},"type":"boolean","variations":[{"key":"on","value":true},{"key":"off","value":false}],"enabled":true,"offVariation":"off","fallthrough":{"variation":"{{{(on ? "on" : "off")}}}"}}""";

    internal static string InSegment(string key, long version) =>
        $$$"""{"key":"{{{key}}}","version":{{{version}}},"type":"boolean","variations":[{"key":"on","value":true},{"key":"off","value":false}],"enabled":true,"offVariation":"off","rules":[{"id":"beta","clauses":[{"attribute":"targetingKey","operator":"segmentMatch","values":["beta"]}],"serve":{"variation":"on"}}],"fallthrough":{"variation":"off"}}""";

    internal static string Ruleset(long version, string[] flags, string[] segments) =>
        $$$"""{"formatVersion":1,"environment":"test","version":{{{version}}},"flags":[{{{string.Join(',', flags)}}}],"segments":[{{{string.Join(',', segments)}}}]}""";

    internal static CompiledRuleset Load(string json)
    {
        var load = RulesetCompiler.Load(Encoding.UTF8.GetBytes(json));
        Assert.True(load.Ruleset is not null, string.Join("; ", load.Errors));
        return load.Ruleset!;
    }

    internal static ChangeEvent Read(string json)
    {
        var read = ChangeEvent.Read(Encoding.UTF8.GetBytes(json));
        Assert.True(read.IsValid, read.Describe());
        return read.Event!;
    }

    private static string Canonical(CompiledRuleset ruleset) => Encoding.UTF8.GetString(RulesetJson.Write(ruleset.ToDefinition()));

    private static Vexil.Core.Context.EvaluationContext Context(string key) => Vexil.Core.Context.EvaluationContext.CreateBuilder(key).Build();
}
