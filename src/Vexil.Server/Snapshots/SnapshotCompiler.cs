using Vexil.Core.Compilation;
using Vexil.Core.Model;
using Vexil.Core.Serialization;

namespace Vexil.Server.Snapshots;

/// <summary>Builds snapshots with Core: a whole environment compiled from its definition, and the next version from a change.</summary>
internal static class SnapshotCompiler
{
    /// <summary>A new environment: nothing in it, version 0.</summary>
    public static EnvironmentSnapshot Empty(long environmentId, string environment) =>
        Compile(environmentId, new RulesetDefinition(environment, 0, [], [])).Snapshot!;

    /// <summary>Compiles a whole environment.</summary>
    public static (EnvironmentSnapshot? Snapshot, IReadOnlyList<ValidationError> Errors) Compile(long environmentId, RulesetDefinition definition)
    {
        var result = RulesetCompiler.Compile(definition);
        return result.Ruleset is null ? (null, result.Errors) : (new EnvironmentSnapshot(environmentId, result.Ruleset), []);
    }

    /// <summary>
    /// The snapshot after <paramref name="change"/>, compiled incrementally (only what changed and what depends on it;
    /// everything else is shared with <paramref name="current"/>), or every error with a path into the change
    /// (<c>flags.upsert[0].rules[1]…</c>, <c>segments.delete[0]</c>).
    /// </summary>
    public static (EnvironmentSnapshot? Snapshot, IReadOnlyList<ValidationError> Errors) Apply(EnvironmentSnapshot current, RulesetChange change)
    {
        var result = RulesetCompiler.Apply(current.Compiled, change);
        return result.Ruleset is null ? (null, result.Errors) : (new EnvironmentSnapshot(current.EnvironmentId, result.Ruleset), []);
    }
}
