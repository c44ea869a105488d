using System.Collections.Concurrent;
using Vexil.Core.Compilation;
using Vexil.Core.Evaluation;
using Vexil.Server.Storage;

namespace Vexil.Server.Sdk;

/// <summary>The compiled ruleset of each environment, recompiled only when the environment's known version moves.</summary>
internal sealed class CompiledRulesetCache(IControlPlaneStore store, EnvironmentVersionTracker tracker)
{
    private readonly ConcurrentDictionary<long, CompiledRuleset> _rulesets = new();

    /// <summary>The compiled ruleset held for an environment, without reading the store (null when none is held).</summary>
    public CompiledRuleset? Current(long environmentId) => _rulesets.GetValueOrDefault(environmentId);

    public async Task<CompiledRuleset?> GetAsync(long environmentId, CancellationToken cancellationToken)
    {
        if (_rulesets.TryGetValue(environmentId, out var cached) && cached.Version >= tracker.Get(environmentId))
        {
            return cached;
        }

        var document = await store.GetRulesetJsonAsync(environmentId, cancellationToken);
        if (document is null)
        {
            return null;
        }

        var compiled = RulesetCompiler.Load(document.Utf8Json).Ruleset;
        if (compiled is null)
        {
            return null;
        }

        tracker.Observe(environmentId, compiled.Version);
        return _rulesets.AddOrUpdate(environmentId, compiled, (_, existing) => existing.Version >= compiled.Version ? existing : compiled);
    }
}
