using Vexil.Core.Evaluation;
using Vexil.Core.Model;
using Vexil.Core.Serialization;

namespace Vexil.Core.Compilation.Incremental;

/// <summary>
/// <see cref="RulesetCompiler.Apply"/>: checks a change against a compiled ruleset and builds the next version,
/// compiling only what the change touches and sharing the rest. The steps: the change's own keys
/// (<see cref="ChangeKeys"/>); the upserted segments and flags compiled as in a full compile; the upserted flags'
/// prerequisites resolved against the ruleset after the change (<see cref="PrerequisiteResolver"/>); the checks
/// that fail through untouched flags (<see cref="DependentChecks"/>); new prerequisite cycles
/// (<see cref="CycleSearch"/>); then, when all is valid, the flags to build (<see cref="Relinker"/>), the flag
/// table and the indexes of the new version (<see cref="IndexUpdate"/>).
/// </summary>
internal static class IncrementalCompiler
{
    public static RulesetCompileResult Apply(CompiledRuleset current, RulesetChange change)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(change);
        var index = current.Index ?? throw CompiledRuleset.NoDefinitions();
        var errors = new List<ValidationError>();
        var context = new ChangeContext(current, index, change, ChangeKeys.Create(change, errors), errors);

        context.Segments = CompileSegments(change, errors);
        var segments = new SegmentView(index.Segments, context.Keys, context.Segments);
        context.Upserts = CompileFlags(change, segments, errors);
        PrerequisiteResolver.Resolve(context);
        DependentChecks.Check(context);
        CycleSearch.Check(context);
        if (errors.Count > 0)
        {
            return new RulesetCompileResult(null, errors);
        }

        var built = new Relinker(context, segments).Build();
        if (errors.Count > 0)
        {
            return new RulesetCompileResult(null, errors);
        }

        var flags = current.FlagEntries;
        var changed = new List<string>(change.UpsertFlags.Count + change.DeleteFlags.Count);
        foreach (var flag in change.UpsertFlags)
        {
            changed.Add(flag.Key);
        }

        foreach (var key in change.DeleteFlags)
        {
            var without = flags.Remove(key);
            if (!ReferenceEquals(without, flags))
            {
                changed.Add(key);
                flags = without;
            }
        }

        List<string>? dependents = null;
        foreach (var (key, flag) in built)
        {
            var upserted = context.Upserted(key);
            if (upserted is null)
            {
                (dependents ??= []).Add(key);
            }

            flags = flags.SetItem(key, new CompiledFlagEntry(flag, upserted?.Definition ?? context.Unchanged(key)));
        }

        dependents?.Sort(StringComparer.Ordinal);
        var next = new CompiledRuleset(current.Environment, change.Version, flags, IndexUpdate.Apply(context), current.Metadata);
        return new RulesetCompileResult(next, []) { ChangedFlagKeys = changed, DependentFlagKeys = dependents ?? [] };
    }

    private static CompiledSegment[] CompileSegments(RulesetChange change, List<ValidationError> errors)
    {
        var compiled = new CompiledSegment[change.UpsertSegments.Count];
        for (var i = 0; i < compiled.Length; i++)
        {
            compiled[i] = SegmentCompiler.Compile(change.UpsertSegments[i], Paths.UpsertSegment(i), errors);
        }

        return compiled;
    }

    private static UpsertedFlag[] CompileFlags(RulesetChange change, SegmentView segments, List<ValidationError> errors)
    {
        var upserts = new UpsertedFlag[change.UpsertFlags.Count];
        for (var i = 0; i < upserts.Length; i++)
        {
            var definition = change.UpsertFlags[i];
            var compiler = new FlagCompiler(definition, Paths.UpsertFlag(i), segments, errors);
            upserts[i] = new UpsertedFlag(definition, i, compiler, compiler.Compile());
        }

        return upserts;
    }
}
