using Vexil.Core.Model;

namespace Vexil.Core.Compilation.Incremental;

/// <summary>One upserted flag, compiled but for its prerequisites.</summary>
/// <param name="Definition">The new definition.</param>
/// <param name="Index">Its index in <see cref="RulesetChange.UpsertFlags"/>.</param>
/// <param name="Compiler">The per-flag compiler (its variations resolve prerequisites that name the flag).</param>
/// <param name="Factory">Builds the compiled flag from its resolved prerequisites; null when the flag has errors.</param>
internal sealed record UpsertedFlag(FlagDefinition Definition, int Index, FlagCompiler Compiler, Func<CompiledPrerequisite[], NativeFlag>? Factory)
{
    /// <summary>Where the flag stands in the change.</summary>
    public string Path => Paths.UpsertFlag(Index);

    /// <summary>Its prerequisites, resolved against the ruleset after the change (those that resolve).</summary>
    public List<ResolvedPrerequisite> Prerequisites { get; } = [];
}
