using System.Globalization;
using System.Text.Json;
using Vexil.Core.Serialization;
using Vexil.Server.Auth;
using Vexil.Server.Governance;

namespace Vexil.Server.FlagsAsCode;

/// <summary>
/// The optional <c>webhooks</c> and <c>settings</c> sections of a flags file (docs/cli.md#flags-as-code-export-and-apply): read strictly
/// (an unknown field is an error, every error with its path) and written in a fixed order, so that export, apply and
/// export again give the same bytes.
/// </summary>
internal static class FlagsFileSectionsJson
{
    public static IReadOnlyList<FlagsFileWebhook>? ReadWebhooks(JsonElement root, List<ValidationError> errors)
    {
        if (!root.TryGetProperty("webhooks", out var array))
        {
            return null;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new ValidationError("webhooks", "must be an array of webhooks"));
            return null;
        }

        var webhooks = new List<FlagsFileWebhook>();
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"webhooks[{i}]");
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new ValidationError(path, "must be a webhook object: {\"name\", \"url\", \"events\"}"));
                i++;
                continue;
            }

            Unknown(item, path, errors, "name", "url", "events", "description", "enabled", "secret", "secretFromEnv");
            var name = Text(item, "name", path, errors);
            if (name is null)
            {
                errors.Add(new ValidationError(path + ".name", "is required: a webhook's name is its identity in the file"));
            }
            else if (names.TryGetValue(name, out var first))
            {
                errors.Add(new ValidationError(path + ".name", string.Create(CultureInfo.InvariantCulture, $"the name '{name}' is already used by webhooks[{first}]")));
            }
            else
            {
                names[name] = i;
            }

            webhooks.Add(new FlagsFileWebhook(name, Text(item, "url", path, errors), Texts(item, "events", path, errors), Text(item, "description", path, errors), Text(item, "secret", path, errors), Text(item, "secretFromEnv", path, errors), Enabled(item, path, errors)));
            i++;
        }

        return webhooks;
    }

    public static FlagsFileSettings? ReadSettings(JsonElement root, List<ValidationError> errors)
    {
        if (!root.TryGetProperty("settings", out var settings))
        {
            return null;
        }

        if (settings.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError("settings", "must be an object: {\"changePolicy\", \"permissions\", \"clientKeys\"}"));
            return null;
        }

        Unknown(settings, "settings", errors, "changePolicy", "permissions", "clientKeys");
        var found = new ValidationErrors();
        ChangePolicy? policy = null;
        var hasPolicy = settings.TryGetProperty("changePolicy", out var p);
        if (hasPolicy && p.ValueKind != JsonValueKind.Null && Object(p, "settings.changePolicy", errors, "requiredApprovals", "approverRoles", "allowSelfApproval"))
        {
            int? approvals = p.TryGetProperty("requiredApprovals", out var n) && n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out var count) ? count : null;
            bool? self = p.TryGetProperty("allowSelfApproval", out var s) && s.ValueKind is JsonValueKind.True or JsonValueKind.False ? s.GetBoolean() : null;
            if (p.TryGetProperty("allowSelfApproval", out s) && self is null)
            {
                found.Add("settings.changePolicy.allowSelfApproval", "must be true or false");
            }

            policy = EnvironmentPermissionsRules.Read("settings.changePolicy.", new ChangePolicyRequest(approvals, Texts(p, "approverRoles", "settings.changePolicy", errors)?.Select(r => r ?? string.Empty).ToList(), self), found);
        }

        EnvironmentPermissions? permissions = null;
        var hasPermissions = settings.TryGetProperty("permissions", out var e);
        if (hasPermissions && e.ValueKind != JsonValueKind.Null && Object(e, "settings.permissions", errors, "editor", "administrator"))
        {
            permissions = EnvironmentPermissionsRules.Read("settings.permissions.", new EnvironmentPermissionsRequest(Text(e, "editor", "settings.permissions", errors), Text(e, "administrator", "settings.permissions", errors)), found);
        }

        var keys = settings.TryGetProperty("clientKeys", out var k) ? ReadClientKeys(k, errors, found) : null;
        errors.AddRange(found.ToDictionary().SelectMany(f => f.Value.Select(m => new ValidationError(f.Key, m))));
        return new FlagsFileSettings(hasPolicy, policy, hasPermissions, permissions, keys);
    }

    private static List<FlagsFileClientKey>? ReadClientKeys(JsonElement array, List<ValidationError> errors, ValidationErrors found)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new ValidationError("settings.clientKeys", "must be an array of {\"name\", \"allowedOrigins\"}"));
            return null;
        }

        var keys = new List<FlagsFileClientKey>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"settings.clientKeys[{i++}]");
            if (!Object(item, path, errors, "name", "allowedOrigins"))
            {
                continue;
            }

            var name = Text(item, "name", path, errors);
            if (name is null || !SdkKeyNames.IsValid(name))
            {
                found.Add(path + ".name", "must be the name of one of the environment's client keys");
            }
            else if (!names.Add(name))
            {
                found.Add(path + ".name", $"the key '{name}' appears twice");
            }

            var listed = Texts(item, "allowedOrigins", path, errors);
            if (listed is null && !item.TryGetProperty("allowedOrigins", out _))
            {
                found.Add(path + ".allowedOrigins", "is required ([] when no browser may use the key)");
            }

            var origins = AllowedOrigins.Validate(path + ".allowedOrigins", listed ?? [], SdkKeyKind.Client, found);
            if (name is not null && origins is not null)
            {
                keys.Add(new FlagsFileClientKey(name, origins));
            }
        }

        return keys;
    }

    public static void Write(Utf8JsonWriter w, FlagsFile file)
    {
        if (file.Webhooks is { } webhooks)
        {
            w.WriteStartArray("webhooks");
            foreach (var webhook in webhooks)
            {
                w.WriteStartObject();
                w.WriteString("name", webhook.Name);
                w.WriteString("url", webhook.Url);
                w.WriteStartArray("events");
                foreach (var type in webhook.Events ?? [])
                {
                    w.WriteStringValue(type);
                }

                w.WriteEndArray();
                if (webhook.Description is not null)
                {
                    w.WriteString("description", webhook.Description);
                }

                if (!webhook.Enabled)
                {
                    w.WriteBoolean("enabled", false);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (file.Settings is not { } settings)
        {
            return;
        }

        w.WriteStartObject("settings");
        if (settings.HasChangePolicy)
        {
            w.WritePropertyName("changePolicy");
            if (settings.ChangePolicy is { } policy)
            {
                w.WriteStartObject();
                w.WriteNumber("requiredApprovals", policy.RequiredApprovals);
                w.WriteStartArray("approverRoles");
                foreach (var role in policy.ApproverRoles)
                {
                    w.WriteStringValue(ChangePolicy.RoleName(role));
                }

                w.WriteEndArray();
                w.WriteBoolean("allowSelfApproval", policy.AllowSelfApproval);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNullValue();
            }
        }

        if (settings.HasPermissions)
        {
            w.WritePropertyName("permissions");
            if (settings.Permissions is { } permissions)
            {
                w.WriteStartObject();
                w.WriteString("editor", EnvironmentPermissions.Name(permissions.Editor));
                w.WriteString("administrator", EnvironmentPermissions.Name(permissions.Administrator));
                w.WriteEndObject();
            }
            else
            {
                w.WriteNullValue();
            }
        }

        if (settings.ClientKeys is { } keys)
        {
            w.WriteStartArray("clientKeys");
            foreach (var key in keys)
            {
                w.WriteStartObject();
                w.WriteString("name", key.Name);
                w.WriteStartArray("allowedOrigins");
                foreach (var origin in key.AllowedOrigins)
                {
                    w.WriteStringValue(origin);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static bool Object(JsonElement element, string path, List<ValidationError> errors, params string[] fields)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError(path, $"must be an object with {string.Join(", ", fields)}"));
            return false;
        }

        Unknown(element, path, errors, fields);
        return true;
    }

    private static void Unknown(JsonElement element, string path, List<ValidationError> errors, params string[] fields)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (Array.IndexOf(fields, property.Name) < 0)
            {
                errors.Add(new ValidationError($"{path}.{property.Name}", $"is not a field here (expected {string.Join(", ", fields)})"));
            }
        }
    }

    /// <summary>A webhook's <c>enabled</c>: true when absent (what export leaves out), otherwise true or false.</summary>
    private static bool Enabled(JsonElement item, string path, List<ValidationError> errors)
    {
        if (!item.TryGetProperty("enabled", out var value))
        {
            return true;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add(new ValidationError(path + ".enabled", "must be true or false"));
            return true;
        }

        return value.GetBoolean();
    }

    private static string? Text(JsonElement element, string name, string path, List<ValidationError> errors)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new ValidationError($"{path}.{name}", "must be a string"));
            return null;
        }

        return value.GetString();
    }

    private static List<string?>? Texts(JsonElement element, string name, string path, List<ValidationError> errors)
    {
        if (!element.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new ValidationError($"{path}.{name}", "must be an array of strings"));
            return null;
        }

        var list = new List<string?>();
        foreach (var item in array.EnumerateArray())
        {
            list.Add(item.ValueKind == JsonValueKind.String ? item.GetString() : null);
        }

        return list;
    }
}
