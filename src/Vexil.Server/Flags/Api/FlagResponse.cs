using System.Text.Json;

namespace Vexil.Server.Flags.Api;

/// <summary>A flag's spec as the API shows it.</summary>
internal sealed record FlagResponse(
    string Key,
    string Type,
    string Name,
    string? Description,
    IReadOnlyList<string> Tags,
    string Lifetime,
    JsonElement Variations,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyDictionary<string, long>? Versions = null,
    int? ExpectedLifetimeDays = null,
    DateTimeOffset? ArchivedAt = null)
{
    public static FlagResponse From(FlagState f, IReadOnlyDictionary<string, long>? versions = null) =>
        new(f.Spec.Key, FlagJson.TypeName(f.Spec.Type), f.Spec.Name, f.Spec.Description, f.Spec.Tags, FlagJson.LifetimeName(f.Spec.Lifetime), FlagSpecJson.Variations(f.Spec), f.CreatedAt, f.UpdatedAt, versions, f.Spec.ExpectedLifetimeDays, f.ArchivedAt);
}
