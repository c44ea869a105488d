using Vexil.Core.Context;
using Vexil.Core.Evaluation;
using Vexil.Flagd.JsonLogic;

namespace Vexil.Flagd.Evaluation;

/// <summary>
/// A flag read from a flagd definition file. Disabled: reason DISABLED, no variation. No targeting: the default
/// variant, STATIC. Targeting yielding null: the default variant (or none), DEFAULT. Targeting naming a variant
/// (<c>true</c>/<c>false</c> and numbers name the variant spelled like them): TARGETING_MATCH. Naming no variant: ERROR GENERAL.
/// Invalid targeting: ERROR PARSE_ERROR on every evaluation.
/// </summary>
internal sealed class FlagdFlag : CompiledFlag
{
    private const string ParseErrorMessage = "The flag's targeting is not valid JsonLogic.";
    private const string UnknownVariantMessage = "The targeting named no variant of the flag.";
    private const string InvalidResultMessage = "The targeting yielded an object or an array, not a variant name.";
    private const string FailedMessage = "The targeting failed unexpectedly.";

    private readonly bool _enabled;
    private readonly int _defaultIndex;
    private readonly JsonLogicNode? _targeting;
    private readonly bool _invalidTargeting;
    private readonly int _trueIndex;
    private readonly int _falseIndex;

    public FlagdFlag(string key, FlagValueType type, CompiledVariation[] variations, long version, FlagMetadata metadata, bool enabled, int defaultIndex, JsonLogicNode? targeting, bool invalidTargeting)
        : base(key, type, variations, version, metadata)
    {
        _enabled = enabled;
        _defaultIndex = defaultIndex;
        _targeting = targeting;
        _invalidTargeting = invalidTargeting;
        _trueIndex = IndexOfVariation("true");
        _falseIndex = IndexOfVariation("false");
    }

    /// <inheritdoc />
    public override EvaluationResult Evaluate(EvaluationContext context)
    {
        if (!_enabled)
        {
            return new EvaluationResult(this, -1, EvaluationReason.Disabled, ReasonDetail.Of(ReasonKind.Off));
        }

        if (_invalidTargeting)
        {
            return EvaluationResult.Failure(this, ErrorCode.ParseError, ParseErrorMessage);
        }

        if (_targeting is null)
        {
            return _defaultIndex >= 0
                ? new EvaluationResult(this, _defaultIndex, EvaluationReason.Static, ReasonDetail.Of(ReasonKind.Fallthrough))
                : new EvaluationResult(this, -1, EvaluationReason.Default, ReasonDetail.Of(ReasonKind.Fallthrough));
        }

        ContextValue result;
        try
        {
            result = _targeting.Evaluate(new JsonLogicScope(context));
        }
        catch (Exception)
        {
            // Nodes are written not to throw; this keeps the promise if one does.
            return EvaluationResult.Failure(this, ErrorCode.General, FailedMessage);
        }

        int index;
        switch (result.Kind)
        {
            case ContextValueKind.Missing or ContextValueKind.Null:
                return new EvaluationResult(this, _defaultIndex, EvaluationReason.Default, ReasonDetail.Of(ReasonKind.Fallthrough));
            case ContextValueKind.String:
                index = IndexOfVariation(result.AsString!);
                break;
            case ContextValueKind.Boolean:
                index = result.AsBoolean ? _trueIndex : _falseIndex;
                break;
            case ContextValueKind.Number:
                // flagd names the variant by the result's text; rare, so formatting here is acceptable.
                index = IndexOfVariation(JsonLogicValues.FormatNumber(result.AsNumber));
                break;
            default:
                return EvaluationResult.Failure(this, ErrorCode.General, InvalidResultMessage);
        }

        return index >= 0
            ? new EvaluationResult(this, index, EvaluationReason.TargetingMatch, ReasonDetail.Of(ReasonKind.Targeting))
            : EvaluationResult.Failure(this, ErrorCode.General, UnknownVariantMessage);
    }
}
