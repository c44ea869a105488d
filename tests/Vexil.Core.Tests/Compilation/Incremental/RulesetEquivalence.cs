using Vexil.Core.Evaluation;
using Vexil.Core.Model;
using Vexil.Core.Serialization;
using Vexil.Core.Tests.Compilation.Incremental.Generation;

namespace Vexil.Core.Tests.Compilation.Incremental;

/// <summary>What "the same ruleset" means: same keys, versions and definitions, same answers for every flag and context.</summary>
internal static class RulesetEquivalence
{
    public static void AssertEquivalent(CompiledRuleset expected, CompiledRuleset actual, RulesetDefinition canonical, string where)
    {
        Assert.True(actual.CanApplyChanges, where);
        Assert.Equal(expected.Environment, actual.Environment);
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.Flags.Count, actual.Flags.Count);
        var written = RulesetJson.Write(actual.ToDefinition());
        Assert.True(written.AsSpan().SequenceEqual(RulesetJson.Write(expected.ToDefinition())), where + ": ToDefinition differs from a full compile's");
        Assert.True(written.AsSpan().SequenceEqual(RulesetJson.Write(canonical)), where + ": ToDefinition differs from the changed definitions");

        foreach (var (key, flag) in expected.Flags)
        {
            Assert.True(actual.TryGetFlag(key, out var other), $"{where}: flag '{key}' is missing");
            Assert.Equal(flag.Version, other.Version);
            Assert.Equal(flag.Type, other.Type);
            AssertSameVariations(flag.Variations, other.Variations, $"{where}: flag '{key}'");
            foreach (var context in ContextPool.Contexts)
            {
                var a = expected.Evaluate(key, context);
                var b = actual.Evaluate(key, context);
                Assert.Same(other, b.Flag);
                var same = a.VariationIndex == b.VariationIndex && a.Reason == b.Reason && a.Detail == b.Detail && a.ErrorCode == b.ErrorCode
                    && a.ErrorMessage == b.ErrorMessage && a.FlagVersion == b.FlagVersion;
                Assert.True(same, $"{where}: flag '{key}' evaluates to {Describe(b)}, a full compile to {Describe(a)}");
            }
        }
    }

    /// <summary>
    /// Flags the change did not touch, directly or through a segment or a prerequisite, are the very instances of
    /// <paramref name="before"/>; the others are new instances. Returns how many untouched flags were rebuilt.
    /// </summary>
    public static int AssertShared(CompiledRuleset before, CompiledRuleset after, RulesetChange change, RulesetModel model, string where)
    {
        var rebuilt = new HashSet<string>(change.UpsertFlags.Select(f => f.Key), StringComparer.Ordinal);
        var segments = change.UpsertSegments.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var flag in model.Flags.Values)
        {
            if (flag.Rules.SelectMany(r => r.Clauses).Any(c => c.Operator == "segmentMatch" && c.Values.Any(v => segments.Contains(v.GetString()!))))
            {
                rebuilt.Add(flag.Key);
            }
        }

        var grew = true;
        while (grew)
        {
            grew = false;
            foreach (var flag in model.Flags.Values)
            {
                if (!rebuilt.Contains(flag.Key) && flag.Prerequisites.Any(p => rebuilt.Contains(p.Flag)))
                {
                    grew = rebuilt.Add(flag.Key);
                }
            }
        }

        var dependents = 0;
        foreach (var (key, flag) in after.Flags)
        {
            var existed = before.TryGetFlag(key, out var old);
            if (rebuilt.Contains(key))
            {
                Assert.False(existed && ReferenceEquals(old, flag), $"{where}: flag '{key}' depends on the change but was not rebuilt");
                dependents += existed && !change.UpsertFlags.Any(f => f.Key == key) ? 1 : 0;
            }
            else
            {
                Assert.True(ReferenceEquals(old, flag), $"{where}: flag '{key}' is untouched but was rebuilt");
                Assert.Same(before.GetDefinition(key), after.GetDefinition(key));
            }
        }

        return dependents;
    }

    /// <summary>Keys, values and metadata (compiled separately, so compared by entries, not by instance).</summary>
    private static void AssertSameVariations(CompiledVariation[] expected, CompiledVariation[] actual, string where)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Key, actual[i].Key);
            Assert.Equal(expected[i].Value, actual[i].Value);
            var a = expected[i].Metadata?.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (e.Key, e.Value.ToString()));
            var b = actual[i].Metadata?.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (e.Key, e.Value.ToString()));
            Assert.True(a is null == b is null && (a is null || a.SequenceEqual(b!)), $"{where}: variation {i} has other metadata");
        }
    }

    private static string Describe(EvaluationResult r) => $"({r.VariationIndex}, {r.Reason}, {r.Detail}, {r.ErrorCode})";
}
