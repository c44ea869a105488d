using System.Text.Json;

namespace Vexil.Server.Flags;

/// <summary>A flag's shared definition as the API shows it.</summary>
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
    int? ExpectedLifetimeDays = null)
{
    public static FlagResponse From(FlagState f, IReadOnlyDictionary<string, long>? versions = null) =>
        new(f.Definition.Key, f.Definition.Type, f.Definition.Name, f.Definition.Description, f.Definition.Tags, f.Definition.Lifetime, f.Definition.Variations, f.CreatedAt, f.UpdatedAt, versions, f.Definition.ExpectedLifetimeDays);
}
