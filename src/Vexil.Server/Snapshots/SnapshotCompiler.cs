using System.Globalization;
using Vexil.Core.Compilation;
using Vexil.Core.Model;
using Vexil.Core.Serialization;

namespace Vexil.Server.Snapshots;

/// <summary>Builds snapshots: a whole environment compiled from its definition, and the next version from a change.</summary>
internal static class SnapshotCompiler
{
    /// <summary>A new environment: nothing in it, version 0.</summary>
    public static EnvironmentSnapshot Empty(long environmentId, string environment) =>
        Compile(environmentId, new RulesetDefinition(environment, 0, [], [])).Snapshot!;

    /// <summary>Compiles a whole environment (flags and segments ordered by key).</summary>
    public static (EnvironmentSnapshot? Snapshot, IReadOnlyList<ValidationError> Errors) Compile(long environmentId, RulesetDefinition definition)
    {
        var ordered = Ordered(definition);
        var result = RulesetCompiler.Compile(ordered);
        return result.Ruleset is null ? (null, result.Errors) : (new EnvironmentSnapshot(environmentId, ordered, result.Ruleset), []);
    }

    /// <summary>
    /// The snapshot after <paramref name="change"/>, or every error with a path into the change
    /// (<c>flags.upsert[0].rules[1]…</c>, <c>segments.delete[0]</c>) and, for an error in a flag the change did not
    /// name, the flag in the message.
    /// </summary>
    public static (EnvironmentSnapshot? Snapshot, IReadOnlyList<ValidationError> Errors) Apply(EnvironmentSnapshot current, RulesetChange change)
    {
        var flags = new SortedDictionary<string, FlagDefinition>(StringComparer.Ordinal);
        foreach (var flag in current.Definition.Flags)
        {
            flags[flag.Key] = flag;
        }

        var segments = new SortedDictionary<string, SegmentDefinition>(StringComparer.Ordinal);
        foreach (var segment in current.Definition.Segments)
        {
            segments[segment.Key] = segment;
        }

        foreach (var key in change.DeleteFlags)
        {
            flags.Remove(key);
        }

        foreach (var flag in change.UpsertFlags)
        {
            flags[flag.Key] = flag;
        }

        foreach (var key in change.DeleteSegments)
        {
            segments.Remove(key);
        }

        foreach (var segment in change.UpsertSegments)
        {
            segments[segment.Key] = segment;
        }

        var definition = new RulesetDefinition(current.Environment, change.Version, [.. flags.Values], [.. segments.Values]);
        var result = RulesetCompiler.Compile(definition);
        if (result.Ruleset is not null)
        {
            return (new EnvironmentSnapshot(current.EnvironmentId, definition, result.Ruleset), []);
        }

        return (null, MapErrors(result.Errors, definition, change));
    }

    private static RulesetDefinition Ordered(RulesetDefinition definition)
    {
        var flags = definition.Flags.ToList();
        flags.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        var segments = definition.Segments.ToList();
        segments.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return definition with { Flags = flags, Segments = segments };
    }

    private static List<ValidationError> MapErrors(IReadOnlyList<ValidationError> errors, RulesetDefinition definition, RulesetChange change)
    {
        var mapped = new List<ValidationError>(errors.Count);
        foreach (var error in errors)
        {
            mapped.Add(Map(error, "flags", definition.Flags.Select(f => f.Key).ToList(), change.UpsertFlags.Select(f => f.Key).ToList(), "flag")
                ?? Map(error, "segments", definition.Segments.Select(s => s.Key).ToList(), change.UpsertSegments.Select(s => s.Key).ToList(), "segment")
                ?? error);
        }

        return mapped;
    }

    private static ValidationError? Map(ValidationError error, string member, List<string> keys, List<string> upserted, string kind)
    {
        if (!error.Path.StartsWith(member + "[", StringComparison.Ordinal))
        {
            return null;
        }

        var close = error.Path.IndexOf(']', StringComparison.Ordinal);
        var index = int.Parse(error.Path.AsSpan(member.Length + 1, close - member.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture);
        var key = keys[index];
        var rest = error.Path[(close + 1)..];
        var position = upserted.IndexOf(key);
        if (position >= 0)
        {
            return error with { Path = string.Create(CultureInfo.InvariantCulture, $"{member}.upsert[{position}]{rest}") };
        }

        return error with { Path = string.Empty, Message = $"{kind} '{key}' ({rest.TrimStart('.')}): {error.Message}" };
    }
}
