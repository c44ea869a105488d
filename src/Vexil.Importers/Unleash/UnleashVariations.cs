using System.Text.Json;
using Vexil.Core.Model;

namespace Vexil.Importers.Unleash;

/// <summary>
/// The variations of a translated toggle: <c>disabled</c> (false), <c>enabled</c> (true, no variant) and one per
/// Unleash variant name (true, with <c>payload</c> and <c>payloadType</c> in its metadata).
/// </summary>
internal sealed class UnleashVariations
{
    public const string Disabled = "disabled";
    public const string Enabled = "enabled";

    private readonly List<VariationDefinition> _all = [new(Disabled, JsonValues.Of(false)), new(Enabled, JsonValues.Of(true))];
    private readonly Dictionary<string, string?> _payloads = new(StringComparer.Ordinal);

    public IReadOnlyList<VariationDefinition> All => _all;

    /// <summary>The variations whose value is true (the toggle is enabled).</summary>
    public IReadOnlyList<string> EnabledKeys => _all.Where(v => v.Key != Disabled).Select(v => v.Key).ToList();

    /// <summary>Registers a variant (once per name and payload); false with a refusal when it cannot be one.</summary>
    public bool Add(JsonElement variant, string path, Refusals refusals)
    {
        var name = JsonValues.String(variant, "name");
        if (!Refusals.IsKey(name) || name is Disabled or Enabled)
        {
            refusals.Add(Refusals.Property(path, "name"), name is Disabled or Enabled
                ? $"a variant named '{name}' cannot be told apart from the toggle's own state"
                : $"'{name}' is not a native variation key: 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit");
            return false;
        }

        string? type = null, value = null;
        if (JsonValues.TryGet(variant, "payload", out var payload))
        {
            type = JsonValues.String(payload, "type");
            value = JsonValues.TryGet(payload, "value", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null;
            if (type is null || value is null)
            {
                refusals.Add(Refusals.Property(path, "payload"), "a payload needs a type and a text value");
                return false;
            }
        }

        var signature = type is null ? null : type + "\u0000" + value;
        if (_payloads.TryGetValue(name!, out var existing))
        {
            if (existing != signature)
            {
                refusals.Add(Refusals.Property(path, "payload"), $"the variant '{name}' appears elsewhere in this feature with another payload");
                return false;
            }

            return true;
        }

        _payloads[name!] = signature;
        Dictionary<string, JsonElement>? metadata = null;
        if (type is not null)
        {
            metadata = new Dictionary<string, JsonElement>(StringComparer.Ordinal) { ["payload"] = JsonValues.Of(value!), ["payloadType"] = JsonValues.Of(type) };
        }

        _all.Add(new VariationDefinition(name!, JsonValues.Of(true), Metadata: metadata));
        return true;
    }
}
