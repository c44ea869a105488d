using Vexil.Core.Evaluation;

namespace Vexil.Server.Ofrep;

/// <summary>A ruleset to evaluate and the scope (an environment id, say) that, with its version, names bulk ETags.</summary>
internal readonly record struct OfrepTarget(string Scope, CompiledRuleset Ruleset);
