using Vexil.Core.Evaluation;
using Vexil.Core.Model;

namespace Vexil.Server.Flags;

/// <summary>
/// What a flag is in every environment of its project: its key, type, name and variations, and how long it should
/// live. Core's parts (<see cref="VariationDefinition"/>, <see cref="FlagLifetime"/>) are the currency; the name and
/// the expected lifetime are the control plane's own and never reach SDKs.
/// </summary>
internal sealed record FlagSpec(
    string Key,
    FlagValueType Type,
    string Name,
    string? Description,
    IReadOnlyList<string> Tags,
    FlagLifetime Lifetime,
    IReadOnlyList<VariationDefinition> Variations,
    int? ExpectedLifetimeDays = null)
{
    /// <summary>The flag as one environment serves it: this spec with that environment's targeting.</summary>
    public FlagDefinition With(FlagTargeting targeting, long version) => (targeting.Source ?? Blank) with
    {
        Key = Key,
        Type = Type,
        Description = Description,
        Tags = Tags,
        Lifetime = Lifetime,
        Variations = Variations,
        Version = version,
        Enabled = targeting.Enabled,
        OffVariation = targeting.OffVariation,
        Salt = targeting.Salt,
        Prerequisites = targeting.Prerequisites,
        Targets = targeting.Targets,
        Rules = targeting.Rules,
        Fallthrough = targeting.Fallthrough,
    };

    private static readonly FlagDefinition Blank = new()
    {
        Key = string.Empty,
        Type = FlagValueType.Boolean,
        Variations = [],
        Fallthrough = ServeDefinition.Of(string.Empty),
    };

    /// <summary>The shared part of a native flag; the name defaults to the key.</summary>
    public static FlagSpec From(FlagDefinition flag, string? name = null, int? expectedLifetimeDays = null) =>
        new(flag.Key, flag.Type, name ?? flag.Key, flag.Description, flag.Tags, flag.Lifetime, flag.Variations, expectedLifetimeDays);

    /// <summary>The keys of the variations, in order.</summary>
    public IReadOnlyList<string> VariationKeys()
    {
        var keys = new string[Variations.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = Variations[i].Key;
        }

        return keys;
    }

    /// <summary>True when both describe the same flag (every field, values compared as canonical JSON).</summary>
    public bool SameAs(FlagSpec other) =>
        Name == other.Name && ExpectedLifetimeDays == other.ExpectedLifetimeDays &&
        FlagJson.SameFlag(With(FlagTargeting.Off, 0), other.With(FlagTargeting.Off, 0));
}
