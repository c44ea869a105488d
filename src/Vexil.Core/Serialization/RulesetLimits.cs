namespace Vexil.Core.Serialization;

/// <summary>The sizes a ruleset may reach; larger input is refused with an error naming the limit.</summary>
public static class RulesetLimits
{
    /// <summary>The largest document, in bytes.</summary>
    public const int MaxDocumentBytes = 256 * 1024 * 1024;

    /// <summary>The deepest JSON nesting.</summary>
    public const int MaxDepth = 64;

    /// <summary>Flags per ruleset.</summary>
    public const int MaxFlags = 50_000;

    /// <summary>Segments per ruleset.</summary>
    public const int MaxSegments = 10_000;

    /// <summary>Variations per flag.</summary>
    public const int MaxVariations = 1_000;

    /// <summary>Rules per flag or segment.</summary>
    public const int MaxRules = 1_000;

    /// <summary>Clauses per rule.</summary>
    public const int MaxClauses = 100;

    /// <summary>Values per clause.</summary>
    public const int MaxClauseValues = 10_000;

    /// <summary>Target keys per flag, and included or excluded keys per segment.</summary>
    public const int MaxTargetKeys = 100_000;

    /// <summary>Prerequisites per flag.</summary>
    public const int MaxPrerequisites = 100;

    /// <summary>Characters per string.</summary>
    public const int MaxStringLength = 10_000;

    /// <summary>Characters per regular expression.</summary>
    public const int MaxRegexLength = 1_000;

    /// <summary>Characters per key (flag, segment, variation, rule).</summary>
    public const int MaxKeyLength = 128;
}
