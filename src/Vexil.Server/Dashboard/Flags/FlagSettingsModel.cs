using System.Text.Json;
using Vexil.Server.Flags;

namespace Vexil.Server.Dashboard.Flags;

/// <summary>A flag's settings page: the fields shared by every environment, archive/restore and delete.</summary>
internal sealed record FlagSettingsModel(FlagState Flag, FlagSettingsForm Form, IReadOnlyList<string> Errors, string? Saved);

/// <summary>What the settings form holds (as typed, when it was refused).</summary>
internal sealed record FlagSettingsForm(string Name, string Type, string Description, string Tags, string Lifetime, string Variations)
{
    /// <summary>The form filled from the stored flag.</summary>
    public static FlagSettingsForm From(FlagSpec spec) => new(
        spec.Name,
        FlagJson.TypeName(spec.Type),
        spec.Description ?? string.Empty,
        string.Join(", ", spec.Tags),
        FlagJson.LifetimeName(spec.Lifetime),
        string.Join('\n', spec.Variations.Select(v => $"{v.Key} = {Text(v.Value)}")));

    /// <summary>A value as the variations box shows it: strings as typed, everything else as JSON.</summary>
    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}
