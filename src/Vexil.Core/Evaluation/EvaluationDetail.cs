namespace Vexil.Core.Evaluation;

/// <summary>A typed evaluation outcome: the value (or the caller's default), the variation, the reason and any error.</summary>
/// <typeparam name="T">bool, double, string or <see cref="System.Text.Json.JsonElement"/>.</typeparam>
/// <param name="Value">The evaluated value, or the caller's default when no variation applies.</param>
/// <param name="VariationKey">The chosen variation's key, or null.</param>
/// <param name="Reason">Why this value.</param>
/// <param name="Detail">Which part of the flag decided.</param>
/// <param name="ErrorCode">The error, if any.</param>
/// <param name="ErrorMessage">A message for the error, or null.</param>
/// <param name="FlagVersion">The flag's version, or 0 when it was not found.</param>
/// <param name="Metadata">The flag's metadata.</param>
public readonly record struct EvaluationDetail<T>(
    T Value,
    string? VariationKey,
    EvaluationReason Reason,
    ReasonDetail Detail,
    ErrorCode ErrorCode,
    string? ErrorMessage,
    long FlagVersion,
    FlagMetadata Metadata);
