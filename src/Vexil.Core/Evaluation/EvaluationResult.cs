namespace Vexil.Core.Evaluation;

/// <summary>
/// The outcome of evaluating one flag for one context. A struct of references to compiled data: producing it
/// never allocates. When <see cref="VariationIndex"/> is -1 no variation was chosen and the caller's default applies.
/// </summary>
public readonly struct EvaluationResult
{
    /// <summary>Creates a result.</summary>
    public EvaluationResult(CompiledFlag? flag, int variationIndex, EvaluationReason reason, ReasonDetail detail, ErrorCode errorCode = ErrorCode.None, string? errorMessage = null)
    {
        Flag = flag;
        VariationIndex = variationIndex;
        Reason = reason;
        Detail = detail;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
    }

    /// <summary>The evaluated flag, or null when none was found.</summary>
    public CompiledFlag? Flag { get; }

    /// <summary>The index of the chosen variation in <see cref="CompiledFlag.Variations"/>, or -1.</summary>
    public int VariationIndex { get; }

    /// <summary>The reason.</summary>
    public EvaluationReason Reason { get; }

    /// <summary>The detail behind the reason.</summary>
    public ReasonDetail Detail { get; }

    /// <summary>The error, when <see cref="Reason"/> is <see cref="EvaluationReason.Error"/>.</summary>
    public ErrorCode ErrorCode { get; }

    /// <summary>A message for the error (a constant string; never formatted per call), or null.</summary>
    public string? ErrorMessage { get; }

    /// <summary>True when a variation was chosen.</summary>
    public bool HasValue => VariationIndex >= 0;

    /// <summary>The chosen variation, or null.</summary>
    public CompiledVariation? Variation => VariationIndex >= 0 ? Flag!.Variations[VariationIndex] : null;

    /// <summary>The chosen variation's key, or null.</summary>
    public string? VariationKey => Variation?.Key;

    /// <summary>The flag's version, or 0 when there is no flag.</summary>
    public long FlagVersion => Flag?.Version ?? 0;

    /// <summary>A failed evaluation.</summary>
    public static EvaluationResult Failure(CompiledFlag? flag, ErrorCode code, string message) =>
        new(flag, -1, EvaluationReason.Error, ReasonDetail.None, code, message);
}
