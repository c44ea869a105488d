using System.Text.Json;

namespace Vexil.Server.Flags;

/// <summary>The part of a flag shared by all environments.</summary>
internal sealed record FlagDefinitionData(
    string Key,
    string Type,
    string Name,
    string? Description,
    IReadOnlyList<string> Tags,
    string Lifetime,
    JsonElement Variations,
    int? ExpectedLifetimeDays = null);
