using System.Text.Json;
using Vexil.Server.Api;

namespace Vexil.Server.Flags;

/// <summary>The checks of a request body that need no other data; the rest happens on the candidate ruleset.</summary>
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

    public static FlagDefinitionData ToDefinition(FlagDefinitionRequest body, string? routeKey) =>
        new(body.Key ?? routeKey!, body.Type!, body.Name!, body.Description, body.Tags ?? [], body.Lifetime ?? "temporary", body.Variations!.Value, body.ExpectedLifetimeDays);

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

    public static FlagConfigData ToConfig(FlagConfigRequest body)
    {
        var empty = JsonSerializer.Deserialize<JsonElement>("[]");
        return new FlagConfigData(body.Enabled!.Value, body.OffVariation, body.Salt, body.Prerequisites ?? empty, body.Targets ?? empty, body.Rules ?? empty, body.Fallthrough!.Value, body.ContextKinds ?? false);
    }

    private static void RequireArrayOrMissing(ValidationErrors errors, string path, JsonElement? value)
    {
        if (value is { } v && v.ValueKind != JsonValueKind.Array)
        {
            errors.Add(path, "must be an array");
        }
    }
}
