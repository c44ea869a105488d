using System.Buffers;
using System.Text.Json;
using Vexil.Core.Model;
using Vexil.Core.Serialization;

namespace Vexil.Server.Flags.Api;

/// <summary>
/// Turns request bodies into the typed model through Core's reader: the fields of a spec or a targeting request have
/// the names they have in a native flag object, so Core's errors carry the request's own paths. Meaning (references,
/// weights, cycles) is checked when the change is recorded.
/// </summary>
internal static class FlagRequestValidation
{
    /// <summary>The longest expected lifetime a temporary flag may declare (ten years).</summary>
    public const int MaxExpectedLifetimeDays = 3650;

    private static readonly string[] Types = ["boolean", "string", "number", "object"];

    public static ValidationErrors Check(FlagDefinitionRequest body, string? routeKey)
    {
        var errors = new ValidationErrors();
        errors.RequireKey("key", body.Key ?? routeKey);
        if (routeKey is not null && body.Key is not null && body.Key != routeKey)
        {
            errors.Add("key", "must match the flag in the path (keys cannot be renamed)");
        }

        if (body.Type is null || !Types.Contains(body.Type))
        {
            errors.Add("type", "must be one of boolean, string, number, object");
        }

        errors.RequireText("name", body.Name);
        if (body.Lifetime is not null and not ("temporary" or "permanent"))
        {
            errors.Add("lifetime", "must be temporary or permanent");
        }

        if (body.ExpectedLifetimeDays is { } days)
        {
            if (days is < 1 or > MaxExpectedLifetimeDays)
            {
                errors.Add("expectedLifetimeDays", $"must be a whole number of days from 1 to {MaxExpectedLifetimeDays}");
            }
            else if (body.Lifetime == "permanent")
            {
                errors.Add("expectedLifetimeDays", "only a temporary flag has an expected lifetime");
            }
        }

        if (body.Variations is not { ValueKind: JsonValueKind.Array } variations || variations.GetArrayLength() == 0)
        {
            errors.Add("variations", "must be an array of one or more variations");
        }

        for (var i = 0; body.Tags is not null && i < body.Tags.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(body.Tags[i]))
            {
                errors.Add($"tags[{i}]", "must not be empty");
            }
        }

        return errors;
    }

    /// <summary>The spec a (checked) request describes, or the errors Core's reader finds in it.</summary>
    public static (FlagSpec? Spec, ValidationErrors Errors) ToSpec(FlagDefinitionRequest body, string? routeKey)
    {
        var key = body.Key ?? routeKey!;
        var (flag, errors) = Read(w =>
        {
            w.WriteString("key", key);
            w.WriteString("type", body.Type);
            if (body.Description is not null)
            {
                w.WriteString("description", body.Description);
            }

            w.WriteStartArray("tags");
            foreach (var tag in body.Tags ?? [])
            {
                w.WriteStringValue(tag);
            }

            w.WriteEndArray();
            w.WriteString("lifetime", body.Lifetime ?? "temporary");
            w.WritePropertyName("variations");
            body.Variations!.Value.WriteTo(w);
            w.WriteStartObject("fallthrough");
            w.WriteString("variation", string.Empty);
            w.WriteEndObject();
        });
        return (flag is null ? null : FlagSpec.From(flag, body.Name, body.ExpectedLifetimeDays), errors);
    }

    public static ValidationErrors Check(FlagConfigRequest body)
    {
        var errors = new ValidationErrors();
        if (body.Enabled is null)
        {
            errors.Add("enabled", "is required");
        }

        if (body.Fallthrough is not { ValueKind: JsonValueKind.Object })
        {
            errors.Add("fallthrough", "is required: { \"variation\": key } or { \"rollout\": {...} }");
        }

        RequireArrayOrMissing(errors, "prerequisites", body.Prerequisites);
        RequireArrayOrMissing(errors, "targets", body.Targets);
        RequireArrayOrMissing(errors, "rules", body.Rules);
        return errors;
    }

    /// <summary>The targeting a (checked) request describes for a flag of <paramref name="spec"/>, or the errors Core's reader finds in it.</summary>
    public static (FlagTargeting? Targeting, ValidationErrors Errors) ToTargeting(FlagConfigRequest body, FlagSpec spec)
    {
        var (flag, errors) = Read(w =>
        {
            w.WriteString("key", spec.Key);
            w.WriteString("type", FlagJson.TypeName(spec.Type));
            w.WritePropertyName("variations");
            w.WriteRawValue(FlagJson.VariationsColumn(spec));
            w.WriteBoolean("enabled", body.Enabled!.Value);
            if (body.OffVariation is not null)
            {
                w.WriteString("offVariation", body.OffVariation);
            }

            if (body.Salt is not null)
            {
                w.WriteString("salt", body.Salt);
            }

            // Contexts with kinds (LaunchDarkly's model, docs/flag-format.md#context-kinds): Core reads the flag so.
            if (body.ContextKinds is { } contextKinds)
            {
                w.WriteBoolean("contextKinds", contextKinds);
            }

            Member(w, "prerequisites", body.Prerequisites);
            Member(w, "targets", body.Targets);
            Member(w, "rules", body.Rules);
            Member(w, "fallthrough", body.Fallthrough);
        });
        return (flag is null ? null : FlagTargeting.From(flag), errors);
    }

    private static (FlagDefinition? Flag, ValidationErrors Errors) Read(Action<Utf8JsonWriter> members)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        var (flag, found) = RulesetJson.ReadFlag(document.RootElement);
        var errors = new ValidationErrors();
        errors.AddRange(found);
        return (flag, errors);
    }

    private static void Member(Utf8JsonWriter writer, string name, JsonElement? value)
    {
        if (value is { } v)
        {
            writer.WritePropertyName(name);
            v.WriteTo(writer);
        }
    }

    private static void RequireArrayOrMissing(ValidationErrors errors, string path, JsonElement? value)
    {
        if (value is { } v && v.ValueKind != JsonValueKind.Array)
        {
            errors.Add(path, "must be an array");
        }
    }
}
