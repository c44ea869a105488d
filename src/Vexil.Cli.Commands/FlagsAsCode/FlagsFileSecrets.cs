using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vexil.Cli.CommandLine;

namespace Vexil.Cli.FlagsAsCode;

/// <summary>
/// The webhooks' secrets of a flags file, which belong to the operator running <c>vexil apply</c>: each
/// <c>"secretFromEnv": "NAME"</c> is read from this process's environment and sent as <c>"secret"</c> (the server never
/// reads its own environment for them, and the file never holds them); and the apply result's webhooks and settings,
/// with the secret of a webhook created without one — shown this once.
/// </summary>
internal static class FlagsFileSecrets
{
    public static byte[] Resolve(byte[] body, string path, Func<string, string?> variable)
    {
        var file = JsonNode.Parse(body);
        if (file?["webhooks"] is not JsonArray webhooks)
        {
            return body;
        }

        var resolved = false;
        for (var i = 0; i < webhooks.Count; i++)
        {
            if (webhooks[i] is not JsonObject webhook || webhook["secretFromEnv"] is not JsonValue name || name.GetValueKind() != JsonValueKind.String)
            {
                continue;
            }

            var variableName = name.GetValue<string>();
            var secret = variable(variableName);
            if (string.IsNullOrEmpty(secret))
            {
                throw CliException.Failure(string.Create(CultureInfo.InvariantCulture, $"{path}: webhooks[{i}].secretFromEnv names the environment variable {variableName}, which is not set: set it to the webhook's signing secret (whsec_…), or remove secretFromEnv to keep the webhook's secret (a new webhook then gets a generated one)"));
            }

            webhook.Remove("secretFromEnv");
            webhook["secret"] = secret;
            resolved = true;
        }

        return resolved ? JsonSerializer.SerializeToUtf8Bytes(file) : body;
    }

    /// <summary>Prints the webhooks and settings the apply created, updated or removed; returns how many.</summary>
    public static async Task<int> WriteSettingsAsync(JsonElement result, TextWriter output)
    {
        var changes = 0;
        if (result.TryGetProperty("webhooks", out var webhooks))
        {
            foreach (var item in webhooks.EnumerateArray())
            {
                changes += await WriteAsync(output, $"webhook {item.GetProperty("key").GetString()}", item);
                if (item.TryGetProperty("secret", out var secret) && secret.ValueKind == JsonValueKind.String)
                {
                    await output.WriteLineAsync($"  signing secret (shown once; keep it for the receiver): {secret.GetString()}");
                }
            }
        }

        if (result.TryGetProperty("settings", out var settings))
        {
            foreach (var item in settings.EnumerateArray())
            {
                var what = item.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String
                    ? $"client key {key.GetString()}"
                    : $"setting {item.GetProperty("section").GetString()}";
                changes += await WriteAsync(output, what, item);
            }
        }

        return changes;
    }

    private static async Task<int> WriteAsync(TextWriter output, string what, JsonElement item)
    {
        switch (item.GetProperty("change").GetString())
        {
            case "create":
                await output.WriteLineAsync($"+ {what}: create");
                return 1;
            case "remove":
                await output.WriteLineAsync($"- {what}: remove");
                return 1;
            case "update":
                var fields = item.GetProperty("fields").EnumerateArray().Select(f => f.GetString()).ToList();
                await output.WriteLineAsync($"~ {what}: {(fields.Count == 0 ? "changed" : string.Join(", ", fields))}");
                return 1;
            default:
                return 0;
        }
    }
}
