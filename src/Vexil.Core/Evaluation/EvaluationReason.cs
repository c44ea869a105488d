namespace Vexil.Core.Evaluation;

/// <summary>Why an evaluation produced its value (OpenFeature's resolution reasons).</summary>
public enum EvaluationReason : byte
{
    /// <summary>The flag is on and has no targeting: it serves one fixed variation to everyone.</summary>
    Static,

    /// <summary>An individual target or a rule matched and served a fixed variation.</summary>
    TargetingMatch,

    /// <summary>A percentage rollout chose the variation.</summary>
    Split,

    /// <summary>The flag is off: its off variation (or the caller's default) was served.</summary>
    Disabled,

    /// <summary>No target or rule matched and the fallthrough served a fixed variation, or a prerequisite failed.</summary>
    Default,

    /// <summary>The evaluation failed; the caller's default was served. See <see cref="ErrorCode"/>.</summary>
    Error,
}
