using Vexil.Core.Compilation;
using Vexil.Core.Evaluation;
using Vexil.Core.Model;
using Vexil.Core.Serialization;
using static Vexil.Core.Tests.Compilation.Incremental.Defs;

namespace Vexil.Core.Tests.Evaluation;

public sealed class CompiledRulesetDefinitionsTests
{
    [Fact]
    public void ToDefinition_OrdersFlagsAndSegmentsByKeyOrdinally_AndWritesTheCanonicalDocument()
    {
        var definition = new RulesetDefinition("e", 4, [Bool("b"), Bool("B"), Bool("a-2"), Bool("a")], [Segment("z"), Segment("Z"), Segment("m")]);
        var compiled = RulesetCompiler.Compile(definition).Ruleset!;

        var written = compiled.ToDefinition();

        Assert.Equal(["B", "a", "a-2", "b"], written.Flags.Select(f => f.Key));
        Assert.Equal(["Z", "m", "z"], written.Segments.Select(s => s.Key));
        Assert.Same(definition.Flags[0], written.Flags[3]);
        Assert.Equal(
            RulesetJson.Write(definition with { Flags = [.. definition.Flags.OrderBy(f => f.Key, StringComparer.Ordinal)], Segments = [.. definition.Segments.OrderBy(s => s.Key, StringComparer.Ordinal)] }),
            RulesetJson.Write(written));
    }

    [Fact]
    public void GetDefinitions_AnswerForKnownKeysOnly()
    {
        var ruleset = Base();

        Assert.Equal("checkout", ruleset.GetDefinition("checkout")!.Key);
        Assert.Null(ruleset.GetDefinition("ghost"));
        Assert.Null(ruleset.GetDefinition(null!));
        Assert.Equal(["u1"], ruleset.GetSegmentDefinition("beta")!.Included);
        Assert.Null(ruleset.GetSegmentDefinition("checkout"));
        Assert.True(ruleset.CanApplyChanges);
    }

    [Fact]
    public void LoadedRuleset_KeepsItsDefinitions()
    {
        var ruleset = Rulesets.Compile("[" + Rulesets.BoolFlag("f") + "]");

        Assert.True(ruleset.CanApplyChanges);
        Assert.Equal(2, ruleset.GetDefinition("f")!.Version);
    }

    [Fact]
    public void RulesetOfCompiledFlags_HasNoDefinitions_AndRefusesDuplicateKeys()
    {
        var flag = Base().Flags["footer"];
        var ruleset = new CompiledRuleset("e", 1, [flag]);

        Assert.False(ruleset.CanApplyChanges);
        Assert.Null(ruleset.GetDefinition("footer"));
        Assert.Same(flag, ruleset.Flags["footer"]);
        var error = Assert.Throws<ArgumentException>(() => new CompiledRuleset("e", 1, [flag, flag]));
        Assert.Contains("'footer'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FlagTable_ReadsLikeAReadOnlyDictionary()
    {
        var flags = Base().Flags;
        IReadOnlyDictionary<string, CompiledFlag> dictionary = flags;

        Assert.Equal(5, flags.Count);
        Assert.True(flags.ContainsKey("promo"));
        Assert.False(flags.ContainsKey("Promo"));
        Assert.False(flags.TryGetValue(null!, out _));
        Assert.Throws<KeyNotFoundException>(() => flags["ghost"]);
        Assert.Same(flags["promo"], dictionary.GetValueOrDefault("promo"));
        Assert.Null(dictionary.GetValueOrDefault("ghost"));
        Assert.Equal(["banner", "checkout", "footer", "promo", "staff-only"], flags.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(flags.Keys, flags.Values.Select(f => f.Key));
        Assert.Equal(flags.Keys, dictionary.Select(p => p.Key));
    }

    [Fact]
    public void FlagTable_EnumeratesWithoutAllocating()
    {
        var flags = Base().Flags;
        Count(flags);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var count = Count(flags);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(5, count);
    }

    private static int Count(CompiledFlagTable flags)
    {
        var count = 0;
        foreach (var (key, flag) in flags)
        {
            count += key.Length > 0 && flag is not null ? 1 : 0;
        }

        return count;
    }
}
