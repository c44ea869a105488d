namespace Vexil.Core.Evaluation;

/// <summary>The detail behind a <see cref="EvaluationReason"/>: which part of the flag decided.</summary>
public enum ReasonKind : byte
{
    /// <summary>Nothing decided (an error).</summary>
    None,

    /// <summary>The flag is off.</summary>
    Off,

    /// <summary>An individual target matched the targeting key.</summary>
    Target,

    /// <summary>A rule matched (see <see cref="ReasonDetail.RuleIndex"/> and <see cref="ReasonDetail.RuleId"/>).</summary>
    Rule,

    /// <summary>No target or rule matched: the fallthrough served.</summary>
    Fallthrough,

    /// <summary>A prerequisite was not met (see <see cref="ReasonDetail.PrerequisiteKey"/>): the off variation served.</summary>
    PrerequisiteFailed,

    /// <summary>Decided by a targeting expression (flagd JsonLogic).</summary>
    Targeting,

    /// <summary>
    /// A regular expression in the rule <see cref="ReasonDetail.RuleIndex"/> (or in a segment it uses) hit its time
    /// bound: the evaluation is an error (<see cref="ErrorCode.General"/>), never a silent "no match".
    /// </summary>
    RegexTimeout,
}
