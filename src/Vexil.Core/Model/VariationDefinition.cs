using System.Text.Json;

namespace Vexil.Core.Model;

/// <summary>A named value a flag can serve.</summary>
/// <param name="Key">Unique in its flag.</param>
/// <param name="Value">A value of the flag's type.</param>
/// <param name="Name">A display name, or null.</param>
/// <param name="Description">Free text, or null.</param>
/// <param name="Metadata">Strings, numbers and booleans reported in an evaluation's flag metadata when this variation is served (Unleash's payload), or null.</param>
public sealed record VariationDefinition(string Key, JsonElement Value, string? Name = null, string? Description = null, IReadOnlyDictionary<string, JsonElement>? Metadata = null);
