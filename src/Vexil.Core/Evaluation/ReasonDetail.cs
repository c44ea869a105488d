namespace Vexil.Core.Evaluation;

/// <summary>What stands behind a reason: the rule, the target, the prerequisite, the rollout bucket.</summary>
/// <param name="Kind">Which part of the flag decided.</param>
/// <param name="RuleIndex">The zero-based index of the matching rule, or -1.</param>
/// <param name="RuleId">The id of the matching rule, or null.</param>
/// <param name="PrerequisiteKey">The key of the prerequisite that was not met, or null.</param>
/// <param name="Bucket">The rollout bucket (0 to 99,999) when a rollout decided, or -1.</param>
public readonly record struct ReasonDetail(ReasonKind Kind, int RuleIndex, string? RuleId, string? PrerequisiteKey, int Bucket)
{
    /// <summary>No detail.</summary>
    public static ReasonDetail None => new(ReasonKind.None, -1, null, null, -1);

    /// <summary>A detail of the given kind with nothing else.</summary>
    public static ReasonDetail Of(ReasonKind kind) => new(kind, -1, null, null, -1);
}
