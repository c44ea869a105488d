namespace Vexil.Core.Model;

/// <summary>A reusable audience of one environment.</summary>
public sealed record SegmentDefinition
{
    /// <summary>The segment's key.</summary>
    public required string Key { get; init; }

    /// <summary>Free text.</summary>
    public string? Description { get; init; }

    /// <summary>Targeting keys always in the segment.</summary>
    public IReadOnlyList<string> Included { get; init; } = [];

    /// <summary>Targeting keys never in the segment (unless also included).</summary>
    public IReadOnlyList<string> Excluded { get; init; } = [];

    /// <summary>Rules: a context matching any rule is in the segment.</summary>
    public IReadOnlyList<SegmentRuleDefinition> Rules { get; init; } = [];

    /// <summary>Keys of contexts of a kind always in the segment (docs/flag-format.md#context-kinds).</summary>
    public IReadOnlyList<TargetDefinition> IncludedContexts { get; init; } = [];

    /// <summary>Keys of contexts of a kind never in the segment (unless included).</summary>
    public IReadOnlyList<TargetDefinition> ExcludedContexts { get; init; } = [];

    /// <summary>Mixed into the bucketing of the rules' percentages; null means the segment's key.</summary>
    public string? Salt { get; init; }

    /// <summary>The environment version at which this segment last changed.</summary>
    public long Version { get; init; }
}
