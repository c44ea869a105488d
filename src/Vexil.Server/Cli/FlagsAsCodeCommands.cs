using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vexil.Server.Cli;

/// <summary>
/// Flags as code. <c>vexil export</c> writes an environment's flags (definition and configuration, the native flag
/// format plus each flag's name, without versions); <c>vexil apply</c> makes the environment match such a file:
/// missing flags are created, differing definitions and configurations updated (with If-Match), identical flags left
/// alone, and flags that are not in the file never deleted.
/// </summary>
internal static class FlagsAsCodeCommands
{
    private static readonly string[] DefinitionFields = ["type", "name", "description", "tags", "lifetime", "variations"];
    private static readonly string[] ConfigFields = ["enabled", "offVariation", "salt", "prerequisites", "targets", "rules", "fallthrough"];
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> ExportAsync(string[] argv, CliRun run)
    {
        var args = CliArguments.Parse(argv, ["url", "project", "env", "output"], []);
        args.Expect();
        var project = args.Required("project");
        var environment = args.Required("env");
        using var client = run.Connect(args);
        var ruleset = await client.GetAsync($"{InsightsCommands.EnvironmentPath(args)}/ruleset", run.CancellationToken);
        var names = await NamesAsync(client, project, run.CancellationToken);
        var flags = new JsonArray();
        foreach (var flag in ruleset.Json.GetProperty("flags").EnumerateArray())
        {
            var node = Normalize(flag);
            node["name"] = names.GetValueOrDefault(node["key"]!.GetValue<string>());
            flags.Add(Ordered(node));
        }

        var document = new JsonObject { ["formatVersion"] = 1, ["project"] = project, ["environment"] = environment, ["flags"] = flags };
        var text = document.ToJsonString(Indented) + "\n";
        if (args.Option("output") is { } output)
        {
            await File.WriteAllTextAsync(output, text, run.CancellationToken);
        }
        else
        {
            await run.Out.WriteAsync(text);
        }

        return 0;
    }

    public static async Task<int> ApplyAsync(string[] argv, CliRun run)
    {
        var args = CliArguments.Parse(argv, ["url", "project", "env", "comment"], ["dry-run"]);
        var file = args.Expect("file")[0];
        var dryRun = args.Switch("dry-run");
        var wanted = ReadFile(file);
        var project = AdminClient.Segment(args.Required("project"));
        var environmentPath = InsightsCommands.EnvironmentPath(args);
        using var client = run.Connect(args);
        await client.GetAsync(environmentPath, run.CancellationToken);

        var changes = 0;
        var plans = new List<(JsonObject Flag, string Key, bool Create, List<string> Definition, List<string> Config)>();
        foreach (var flag in wanted)
        {
            var key = flag["key"]!.GetValue<string>();
            var current = await TryGetAsync(client, $"/api/v1/projects/{project}/flags/{AdminClient.Segment(key)}", run.CancellationToken);
            JsonObject? currentConfig = null;
            if (current is not null)
            {
                var environmentFlag = await client.GetAsync($"{environmentPath}/flags/{AdminClient.Segment(key)}", run.CancellationToken);
                currentConfig = Normalize(environmentFlag.Json.GetProperty("flag"));
            }

            var definitionDiff = current is null ? [.. DefinitionFields] : Differences(flag, Normalize(current.Value), DefinitionFields);
            var configDiff = currentConfig is null ? [.. ConfigFields] : Differences(flag, currentConfig, ConfigFields);
            plans.Add((flag, key, current is null, definitionDiff, configDiff));
        }

        foreach (var (_, key, create, definition, config) in plans)
        {
            if (create)
            {
                await run.Out.WriteLineAsync($"+ {key}: create");
                changes++;
            }
            else if (definition.Count + config.Count > 0)
            {
                await run.Out.WriteLineAsync($"~ {key}: {string.Join(", ", definition.Concat(config))}");
                changes++;
            }
        }

        if (changes == 0)
        {
            await run.Out.WriteLineAsync("no changes: the environment matches the file");
            return 0;
        }

        if (dryRun)
        {
            await run.Out.WriteLineAsync($"dry run: {changes} flag(s) would change; nothing was written");
            return 0;
        }

        var comment = args.Option("comment") ?? $"vexil apply {Path.GetFileName(file)}";
        foreach (var (flag, key, create, definition, _) in plans.Where(p => p.Create || p.Definition.Count > 0))
        {
            var body = Pick(flag, ["key", .. DefinitionFields]);
            if (create)
            {
                await client.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/flags", JsonContent.Create(body), null, comment, run.CancellationToken);
            }
            else
            {
                var current = await client.GetAsync($"/api/v1/projects/{project}/flags/{AdminClient.Segment(key)}", run.CancellationToken);
                await client.SendAsync(HttpMethod.Put, $"/api/v1/projects/{project}/flags/{AdminClient.Segment(key)}", JsonContent.Create(body), current.ETag, comment, run.CancellationToken);
            }
        }

        long? version = null;
        foreach (var (flag, key, create, _, config) in plans)
        {
            var url = $"{environmentPath}/flags/{AdminClient.Segment(key)}";
            var current = await client.GetAsync(url, run.CancellationToken);
            if (!create && config.Count == 0 && Differences(flag, Normalize(current.Json.GetProperty("flag")), ConfigFields).Count == 0)
            {
                continue;
            }

            var written = await client.SendAsync(HttpMethod.Put, url, JsonContent.Create(Pick(flag, ConfigFields)), current.ETag, comment, run.CancellationToken);
            version = written.Json.GetProperty("versions").EnumerateObject().Select(v => v.Value.GetInt64()).DefaultIfEmpty(0).Max();
        }

        await run.Out.WriteLineAsync($"applied: {changes} flag(s) changed{(version is { } v ? $"; environment version {v}" : string.Empty)}");
        return 0;
    }

    private static List<JsonObject> ReadFile(string file)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Failure($"cannot read {file}: {e.Message}");
        }
        catch (JsonException e)
        {
            throw CliException.Failure($"{file} is not valid JSON: {e.Message}");
        }

        if (root?["flags"] is not JsonArray flags || root["formatVersion"]?.GetValue<int>() != 1)
        {
            throw CliException.Failure($"{file} is not a flags file: expected {{\"formatVersion\": 1, \"flags\": [...]}} as 'vexil export' writes it");
        }

        var result = new List<JsonObject>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < flags.Count; i++)
        {
            if (flags[i] is not JsonObject flag || flag["key"]?.GetValueKind() != JsonValueKind.String || flag["type"] is null || flag["variations"] is null)
            {
                throw CliException.Failure($"{file}: flags[{i}] needs at least key, type and variations");
            }

            if (!keys.Add(flag["key"]!.GetValue<string>()))
            {
                throw CliException.Failure($"{file}: flags[{i}]: the key '{flag["key"]}' appears twice");
            }

            var normalized = Normalize(JsonSerializer.SerializeToElement(flag));
            normalized["name"] ??= normalized["key"]!.DeepClone();
            result.Add(normalized);
        }

        return result;
    }

    /// <summary>A flag with every field present (defaults filled in) and no versions, so that comparisons are by meaning.</summary>
    private static JsonObject Normalize(JsonElement flag)
    {
        var node = JsonNode.Parse(flag.GetRawText())!.AsObject();
        node.Remove("version");
        node.Remove("createdAt");
        node.Remove("updatedAt");
        node.Remove("versions");
        node["description"] ??= null;
        node["tags"] ??= new JsonArray();
        node["lifetime"] ??= "temporary";
        node["offVariation"] ??= null;
        node["salt"] ??= null;
        node["prerequisites"] ??= new JsonArray();
        node["targets"] ??= new JsonArray();
        node["rules"] ??= new JsonArray();
        node["enabled"] ??= false;
        return node;
    }

    private static List<string> Differences(JsonObject wanted, JsonObject current, string[] fields) =>
        [.. fields.Where(f => !JsonNode.DeepEquals(wanted[f], current[f]))];

    private static JsonObject Pick(JsonObject flag, string[] fields)
    {
        var result = new JsonObject();
        foreach (var field in fields)
        {
            if (flag[field] is { } value)
            {
                result[field] = value.DeepClone();
            }
        }

        return result;
    }

    private static JsonObject Ordered(JsonObject flag)
    {
        string[] order = ["key", "name", "type", "description", "tags", "lifetime", "variations", .. ConfigFields];
        var result = new JsonObject();
        foreach (var field in order.Concat(flag.Select(p => p.Key)).Distinct(StringComparer.Ordinal))
        {
            if (flag.TryGetPropertyValue(field, out var value) && value is not null)
            {
                result[field] = value.DeepClone();
            }
        }

        return result;
    }

    private static async Task<Dictionary<string, string>> NamesAsync(AdminClient client, string project, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        string? cursor = null;
        do
        {
            var page = await client.GetAsync($"/api/v1/projects/{AdminClient.Segment(project)}/flags?limit=500{(cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor))}", cancellationToken);
            foreach (var flag in page.Json.GetProperty("items").EnumerateArray())
            {
                names[flag.GetProperty("key").GetString()!] = flag.GetProperty("name").GetString()!;
            }

            cursor = page.Json.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);
        return names;
    }

    private static async Task<JsonElement?> TryGetAsync(AdminClient client, string path, CancellationToken cancellationToken)
    {
        try
        {
            return (await client.GetAsync(path, cancellationToken)).Json;
        }
        catch (CliException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
