namespace Vexil.Core.Model;

/// <summary>A flag in one environment: its shared definition and that environment's configuration.</summary>
public sealed record FlagDefinition
{
    /// <summary>The flag's key.</summary>
    public required string Key { get; init; }

    /// <summary>The type of every variation's value.</summary>
    public required Evaluation.FlagValueType Type { get; init; }

    /// <summary>The variations, in order.</summary>
    public required IReadOnlyList<VariationDefinition> Variations { get; init; }

    /// <summary>Free text.</summary>
    public string? Description { get; init; }

    /// <summary>Tags for search and grouping.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Temporary or permanent.</summary>
    public FlagLifetime Lifetime { get; init; } = FlagLifetime.Temporary;

    /// <summary>The environment version at which this flag last changed.</summary>
    public long Version { get; init; }

    /// <summary>On or off.</summary>
    public bool Enabled { get; init; }

    /// <summary>The variation served when off or when a prerequisite fails; null serves the caller's default.</summary>
    public string? OffVariation { get; init; }

    /// <summary>Mixed into bucketing; null means the flag's key.</summary>
    public string? Salt { get; init; }

    /// <summary>Flags that must evaluate to a given variation first.</summary>
    public IReadOnlyList<PrerequisiteDefinition> Prerequisites { get; init; } = [];

    /// <summary>Individual targets.</summary>
    public IReadOnlyList<TargetDefinition> Targets { get; init; } = [];

    /// <summary>
    /// True when the flag reads contexts with kinds (LaunchDarkly's model, docs/flag-format.md#context-kinds): a
    /// context that is not a valid one evaluates to the error <c>TARGETING_KEY_MISSING</c>.
    /// </summary>
    public bool ContextKinds { get; init; }

    /// <summary>Ordered rules.</summary>
    public IReadOnlyList<RuleDefinition> Rules { get; init; } = [];

    /// <summary>What is served when no target or rule matches.</summary>
    public required ServeDefinition Fallthrough { get; init; }
}
