using System.Collections.Frozen;
using Vexil.Core.Compilation.Clauses;
using Vexil.Core.Context;
using Vexil.Core.Evaluation;

namespace Vexil.Core.Compilation;

/// <summary>
/// A native Vexil flag, compiled. Evaluation order: off → prerequisites → individual targets → rules in order →
/// fallthrough. Reads only immutable data; allocates nothing.
/// </summary>
internal sealed class NativeFlag : CompiledFlag
{
    private const string RegexTimeout = "A regular expression in this rule took longer than its time bound on this context; the flag cannot be decided, so the caller's default is served.";

    private const string InvalidContext = "The flag reads contexts with kinds, and this context is not a valid one (a kind and a key for each kind).";

    private const string NoTargetingKey = "A percentage rollout needs a targeting key (or the bucketBy attribute) and the context has neither.";

    private readonly bool _enabled;
    private readonly int _offVariation;
    private CompiledPrerequisite[] _prerequisites; // set again only by WithPrerequisites, on a copy not yet published
    private readonly FrozenDictionary<string, int> _targets;
    private readonly bool _hasTargets;
    private readonly CompiledRule[] _rules;
    private readonly CompiledServe _fallthrough;
    private readonly bool _static;
    private readonly bool _contextKinds;
    private readonly KindedTargets? _kindedTargets;

    public NativeFlag(
        string key,
        FlagValueType type,
        CompiledVariation[] variations,
        long version,
        bool enabled,
        int offVariation,
        CompiledPrerequisite[] prerequisites,
        FrozenDictionary<string, int> targets,
        CompiledRule[] rules,
        CompiledServe fallthrough,
        bool contextKinds = false,
        KindedTargets? kindedTargets = null)
        : base(key, type, variations, version, metadata: null)
    {
        _contextKinds = contextKinds;
        _kindedTargets = kindedTargets;
        _enabled = enabled;
        _offVariation = offVariation;
        _prerequisites = prerequisites;
        _targets = targets;
        _hasTargets = targets.Count > 0;
        _rules = rules;
        _fallthrough = fallthrough;
        _static = prerequisites.Length == 0 && targets.Count == 0 && kindedTargets is null && rules.Length == 0 && fallthrough.Rollout is null;
    }

    /// <summary>
    /// A copy that evaluates alike but with its prerequisites resolved anew (the same prerequisites in the same
    /// order, to other compiled instances of the flags they name): how a change re-links a flag whose prerequisite
    /// was recompiled without compiling the flag again. Copies every field, present and future.
    /// </summary>
    public NativeFlag WithPrerequisites(CompiledPrerequisite[] prerequisites)
    {
        System.Diagnostics.Debug.Assert(prerequisites.Length == _prerequisites.Length, "the same prerequisites, re-linked");
        var copy = (NativeFlag)MemberwiseClone();
        copy._prerequisites = prerequisites;
        return copy;
    }

    public override EvaluationResult Evaluate(EvaluationContext context)
    {
        if (_contextKinds && !ContextKinds.IsValid(context))
        {
            return EvaluationResult.Failure(this, ErrorCode.TargetingKeyMissing, InvalidContext);
        }

        if (!_enabled)
        {
            return new EvaluationResult(this, _offVariation, EvaluationReason.Disabled, ReasonDetail.Of(ReasonKind.Off));
        }

        foreach (var prerequisite in _prerequisites)
        {
            var result = prerequisite.Flag.Evaluate(context);
            if (!prerequisite.IsMet(result))
            {
                return new EvaluationResult(this, _offVariation, EvaluationReason.Default, new ReasonDetail(ReasonKind.PrerequisiteFailed, -1, null, prerequisite.Flag.Key, -1));
            }
        }

        if (_hasTargets && context.TargetingKey is { } key && _targets.TryGetValue(key, out var targeted))
        {
            return new EvaluationResult(this, targeted, EvaluationReason.TargetingMatch, ReasonDetail.Of(ReasonKind.Target));
        }

        if (_kindedTargets is not null && _kindedTargets.Find(context) is >= 0 and var found)
        {
            return new EvaluationResult(this, _kindedTargets.Variation(found), EvaluationReason.TargetingMatch, ReasonDetail.Of(ReasonKind.Target));
        }

        var rules = _rules;
        for (var i = 0; i < rules.Length; i++)
        {
            var rule = rules[i];
            var matched = RuleMatcher.Evaluate(rule.Clauses, context);
            if (matched == MatchResult.Match)
            {
                return Serve(rule.Serve, context, EvaluationReason.TargetingMatch, ReasonKind.Rule, i, rule.Id);
            }

            if (matched == MatchResult.Error)
            {
                return new EvaluationResult(this, -1, EvaluationReason.Error, new ReasonDetail(ReasonKind.RegexTimeout, i, rule.Id, null, -1), ErrorCode.General, RegexTimeout);
            }
        }

        return Serve(_fallthrough, context, _static ? EvaluationReason.Static : EvaluationReason.Default, ReasonKind.Fallthrough, -1, null);
    }

    private EvaluationResult Serve(CompiledServe serve, EvaluationContext context, EvaluationReason fixedReason, ReasonKind kind, int ruleIndex, string? ruleId)
    {
        if (serve.Rollout is null)
        {
            return new EvaluationResult(this, serve.Variation, fixedReason, new ReasonDetail(kind, ruleIndex, ruleId, null, -1));
        }

        if (!serve.Rollout.TryChoose(context, out var variation, out var bucket))
        {
            return EvaluationResult.Failure(this, ErrorCode.TargetingKeyMissing, NoTargetingKey);
        }

        return new EvaluationResult(this, variation, EvaluationReason.Split, new ReasonDetail(kind, ruleIndex, ruleId, null, bucket));
    }
}
