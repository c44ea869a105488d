using System.Text.Json;

namespace Vexil.Server.Flags.Api;

/// <summary>A flag's shared definition; on update the key comes from the route and, when given, must match.</summary>
internal sealed record FlagDefinitionRequest(
    string? Key,
    string? Type,
    string? Name,
    string? Description,
    string[]? Tags,
    string? Lifetime,
    JsonElement? Variations,
    int? ExpectedLifetimeDays = null);
