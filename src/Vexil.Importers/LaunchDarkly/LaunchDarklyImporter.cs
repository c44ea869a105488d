using System.Text.Json;
using Vexil.Core.Model;

namespace Vexil.Importers.LaunchDarkly;

/// <summary>
/// Translates LaunchDarkly's server-side SDK data (<c>{"flags": {...}, "segments": {...}}</c>, as its SDKs, its Relay
/// Proxy and its file data source read it; <c>flagValues</c> too) into the flags and segments of one environment,
/// keeping every context's variation (docs/migration.md#launchdarkly): targets and context targets, rules and
/// clauses with LaunchDarkly's operators and attribute references, rollouts and experiments with
/// <c>launchdarkly-v1</c>, prerequisites, segments with weighted rules. Flags read contexts with kinds. What cannot be
/// translated exactly is refused with its path (<c>flags.my-flag.rules[0].clauses[1].op</c>) and reason.
/// </summary>
public static class LaunchDarklyImporter
{
    /// <summary>Translates one document.</summary>
    public static ImportResult Translate(ReadOnlySpan<byte> utf8Json)
    {
        if (SourceDocument.Parse(utf8Json, out var refusal) is not { } document)
        {
            return refusal!;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || (!root.TryGetProperty("flags", out _) && !root.TryGetProperty("flagValues", out _)))
            {
                return ImportResult.DocumentError(string.Empty, "expected LaunchDarkly's SDK data: an object with \"flags\" (and \"segments\"), or \"flagValues\"");
            }

            return Translate(root);
        }
    }

    private static ImportResult Translate(JsonElement root)
    {
        var refusals = new Refusals();
        var segments = new List<SegmentDefinition>();
        var segmentKeys = new HashSet<string>(StringComparer.Ordinal);
        var allFlags = Objects(root, "flags");
        var documentSegments = Objects(root, "segments").Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        if (root.TryGetProperty("segments", out var segmentsElement) && segmentsElement.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in segmentsElement.EnumerateObject())
            {
                var path = Refusals.Property("segments", property.Name);
                if (IsDeleted(property.Value))
                {
                    continue;
                }

                var segment = new LaunchDarklySegmentTranslator(property.Name, property.Value, path, refusals).Translate();
                if (segment is not null)
                {
                    segments.Add(segment);
                    segmentKeys.Add(segment.Key);
                }
            }
        }

        var flags = new List<(FlagDefinition Flag, string Path)>();
        var refused = new List<string>();
        foreach (var (key, element, path) in allFlags)
        {
            var before = refusals.Count;
            var flag = new LaunchDarklyFlagTranslator(key, element, path, allFlags, refusals, documentSegments).Translate();
            if (flag is null || refusals.Count != before)
            {
                refused.Add(key);
                continue;
            }

            flags.Add((flag, path));
        }

        if (root.TryGetProperty("flagValues", out var values) && values.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in values.EnumerateObject())
            {
                // LaunchDarkly's file data source refuses a key found both in flags and in flagValues; so do we, both.
                var twice = flags.FindIndex(f => f.Flag.Key == property.Name);
                if (twice >= 0 || refused.Contains(property.Name))
                {
                    refusals.Add(Refusals.Property("flagValues", property.Name), $"the flag '{property.Name}' is also in flags");
                    refused.Add(property.Name);
                    if (twice >= 0)
                    {
                        refusals.Add(flags[twice].Path, $"the flag '{property.Name}' is also in flagValues");
                        flags.RemoveAt(twice);
                    }

                    continue;
                }

                var flag = LaunchDarklyFlagTranslator.FromValue(property.Name, property.Value, Refusals.Property("flagValues", property.Name), refusals);
                if (flag is null)
                {
                    refused.Add(property.Name);
                }
                else
                {
                    flags.Add((flag, Refusals.Property("flagValues", property.Name)));
                }
            }
        }

        var kept = PrerequisiteClosure.Close(flags, segmentKeys, SegmentsOf, refusals, refused);
        var used = kept.SelectMany(SegmentsOf).ToHashSet(StringComparer.Ordinal);
        return new ImportResult(kept, segments.Where(s => used.Contains(s.Key)).ToList(), refusals.All, refused);
    }

    /// <summary>The non-deleted flags of the document, with their paths.</summary>
    private static List<(string Key, JsonElement Element, string Path)> Objects(JsonElement root, string name)
    {
        var result = new List<(string, JsonElement, string)>();
        if (root.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (!IsDeleted(property.Value))
                {
                    result.Add((property.Name, property.Value, Refusals.Property(name, property.Name)));
                }
            }
        }

        return result;
    }

    private static bool IsDeleted(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("deleted", out var deleted) && deleted.ValueKind == JsonValueKind.True;

    private static IEnumerable<string> SegmentsOf(FlagDefinition flag)
    {
        foreach (var rule in flag.Rules)
        {
            foreach (var clause in rule.Clauses)
            {
                if (clause.Operator == "segmentMatch")
                {
                    foreach (var value in clause.Values)
                    {
                        yield return value.GetString()!;
                    }
                }
            }
        }
    }
}
