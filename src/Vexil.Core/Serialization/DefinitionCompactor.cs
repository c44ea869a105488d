using System.Text.Encodings.Web;
using System.Text.Json;
using Vexil.Core.Model;

namespace Vexil.Core.Serialization;

/// <summary>
/// Makes a definition that was just read cheap to keep. Read, its JSON values (variation values, clause values)
/// reference one clone of the whole document: its text and a 12-byte row per token, about three times the
/// document. Compacting writes just those values into one small document and points the definitions at it, and
/// shares the many copies of the same short strings (variation keys, operators, attribute names, rule ids,
/// prerequisite keys). A <see cref="Evaluation.CompiledRuleset"/> keeps its definitions, so this is what a held
/// ruleset costs. Records are rebuilt with <c>with</c>: fields it does not know of are kept as they are.
/// </summary>
internal sealed class DefinitionCompactor
{
    private const int MaxSharedLength = 64;
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private JsonElement[] _values = [];
    private int _next;

    /// <summary>The same definition, its values in a document of their own.</summary>
    public static RulesetDefinition Compact(RulesetDefinition ruleset)
    {
        var compactor = new DefinitionCompactor();
        using (var buffer = new PooledBufferWriter(16 * 1024))
        {
            int count;
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                writer.WriteStartArray();
                count = WriteValues(writer, ruleset);
                writer.WriteEndArray();
            }

            using var document = JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = RulesetLimits.MaxDepth });
            var root = document.RootElement.Clone();
            compactor._values = new JsonElement[count];
            var i = 0;
            foreach (var value in root.EnumerateArray())
            {
                compactor._values[i++] = value;
            }
        }

        foreach (var flag in ruleset.Flags)
        {
            compactor._strings.TryAdd(flag.Key, flag.Key);
        }

        var flags = new FlagDefinition[ruleset.Flags.Count];
        for (var f = 0; f < flags.Length; f++)
        {
            flags[f] = compactor.Flag(ruleset.Flags[f]);
        }

        var segments = new SegmentDefinition[ruleset.Segments.Count];
        for (var s = 0; s < segments.Length; s++)
        {
            segments[s] = compactor.Segment(ruleset.Segments[s]);
        }

        return ruleset with { Flags = flags, Segments = segments };
    }

    /// <summary>Writes the values in the order <see cref="Flag"/> and <see cref="Segment"/> take them back.</summary>
    private static int WriteValues(Utf8JsonWriter writer, RulesetDefinition ruleset)
    {
        var count = 0;
        foreach (var flag in ruleset.Flags)
        {
            foreach (var variation in flag.Variations)
            {
                variation.Value.WriteTo(writer);
                count++;
            }

            foreach (var rule in flag.Rules)
            {
                count += WriteClauses(writer, rule.Clauses);
            }
        }

        foreach (var segment in ruleset.Segments)
        {
            foreach (var rule in segment.Rules)
            {
                count += WriteClauses(writer, rule.Clauses);
            }
        }

        return count;
    }

    private static int WriteClauses(Utf8JsonWriter writer, IReadOnlyList<ClauseDefinition> clauses)
    {
        var count = 0;
        foreach (var clause in clauses)
        {
            foreach (var value in clause.Values)
            {
                value.WriteTo(writer);
                count++;
            }
        }

        return count;
    }

    private FlagDefinition Flag(FlagDefinition flag)
    {
        var variations = new VariationDefinition[flag.Variations.Count];
        for (var i = 0; i < variations.Length; i++)
        {
            variations[i] = flag.Variations[i] with { Key = Share(flag.Variations[i].Key), Value = _values[_next++] };
        }

        var rules = new RuleDefinition[flag.Rules.Count];
        for (var i = 0; i < rules.Length; i++)
        {
            var rule = flag.Rules[i];
            rules[i] = rule with { Id = Share(rule.Id), Clauses = Clauses(rule.Clauses), Serve = Serve(rule.Serve) };
        }

        var prerequisites = new PrerequisiteDefinition[flag.Prerequisites.Count];
        for (var i = 0; i < prerequisites.Length; i++)
        {
            prerequisites[i] = flag.Prerequisites[i] with { Flag = Share(flag.Prerequisites[i].Flag), Variation = Share(flag.Prerequisites[i].Variation) };
        }

        var targets = new TargetDefinition[flag.Targets.Count];
        for (var i = 0; i < targets.Length; i++)
        {
            targets[i] = flag.Targets[i] with { Variation = Share(flag.Targets[i].Variation) };
        }

        return flag with
        {
            Key = Share(flag.Key),
            Tags = Strings(flag.Tags),
            Variations = variations,
            OffVariation = ShareOrNull(flag.OffVariation),
            Prerequisites = prerequisites,
            Targets = targets,
            Rules = rules,
            Fallthrough = Serve(flag.Fallthrough),
        };
    }

    private SegmentDefinition Segment(SegmentDefinition segment)
    {
        var rules = new SegmentRuleDefinition[segment.Rules.Count];
        for (var i = 0; i < rules.Length; i++)
        {
            rules[i] = segment.Rules[i] with { Id = Share(segment.Rules[i].Id), Clauses = Clauses(segment.Rules[i].Clauses) };
        }

        return segment with { Rules = rules };
    }

    private ClauseDefinition[] Clauses(IReadOnlyList<ClauseDefinition> clauses)
    {
        var result = new ClauseDefinition[clauses.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var values = new JsonElement[clauses[i].Values.Count];
            for (var v = 0; v < values.Length; v++)
            {
                values[v] = _values[_next++];
            }

            result[i] = clauses[i] with { Attribute = Share(clauses[i].Attribute), Operator = Share(clauses[i].Operator), Values = values };
        }

        return result;
    }

    private ServeDefinition Serve(ServeDefinition serve)
    {
        if (serve.Rollout is not { } rollout)
        {
            return serve with { Variation = ShareOrNull(serve.Variation) };
        }

        var weights = new WeightDefinition[rollout.Weights.Count];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = rollout.Weights[i] with { Variation = Share(rollout.Weights[i].Variation) };
        }

        return serve with { Rollout = rollout with { Weights = weights, BucketBy = Share(rollout.BucketBy), Algorithm = Share(rollout.Algorithm) } };
    }

    private IReadOnlyList<string> Strings(IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return values;
        }

        var result = new string[values.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = Share(values[i]);
        }

        return result;
    }

    private string? ShareOrNull(string? value) => value is null ? null : Share(value);

    private string Share(string value)
    {
        if (value.Length > MaxSharedLength)
        {
            return value;
        }

        if (_strings.TryGetValue(value, out var shared))
        {
            return shared;
        }

        _strings.Add(value, value);
        return value;
    }
}
