using System.Security.Claims;
using Vexil.Core.Evaluation;
using Vexil.Hosting.Ofrep;

namespace Vexil.Edge.Serve;

/// <summary>
/// The ruleset compiled from the flag files: an immutable snapshot swapped atomically, so readers never lock.
/// Null until the files first load.
/// </summary>
internal sealed class FlagFileRuleset : IOfrepRulesetSource
{
    public const string Scope = "flags";

    private CompiledRuleset? _current;

    public CompiledRuleset? Current => Volatile.Read(ref _current);

    public void Publish(CompiledRuleset ruleset) => Volatile.Write(ref _current, ruleset);

    /// <summary>Flag files have no environment versions to wait for: a minimum version is answered at once (and reported unsatisfied when ahead).</summary>
    public ValueTask<OfrepTarget> GetAsync(ClaimsPrincipal caller, long? minVersion, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new OfrepTarget(Scope, Current ?? CompiledRuleset.Empty));
}
