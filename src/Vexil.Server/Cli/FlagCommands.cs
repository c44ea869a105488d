using System.Text.Json;

namespace Vexil.Server.Cli;

/// <summary><c>vexil flags list|get|toggle</c>.</summary>
internal static class FlagCommands
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> ListAsync(string[] argv, CliRun run)
    {
        var args = CliArguments.Parse(argv, ["url", "project", "env", "search"], ["json"]);
        args.Expect();
        var project = args.Required("project");
        var environment = args.Option("env");
        using var client = run.Connect(args);
        if (environment is not null)
        {
            // The state filter alone would list nothing for an environment that does not exist.
            await client.GetAsync($"/api/v1/projects/{AdminClient.Segment(project)}/environments/{AdminClient.Segment(environment)}", run.CancellationToken);
        }

        var flags = await ReadAllAsync(client, project, args.Option("search"), environment, null, run.CancellationToken);
        HashSet<string>? on = null;
        if (environment is not null)
        {
            on = [.. (await ReadAllAsync(client, project, args.Option("search"), environment, "on", run.CancellationToken)).Select(f => f.GetProperty("key").GetString()!)];
        }

        if (args.Switch("json"))
        {
            await run.Out.WriteLineAsync(JsonSerializer.Serialize(flags, Indented));
            return 0;
        }

        var rows = flags.Select(f =>
        {
            var key = f.GetProperty("key").GetString()!;
            string[] row = [key, f.GetProperty("type").GetString()!, f.GetProperty("name").GetString()!, string.Join(",", f.GetProperty("tags").EnumerateArray().Select(t => t.GetString()))];
            return on is null ? row : [.. row[..2], on.Contains(key) ? "on" : "off", .. row[2..]];
        }).ToList();
        TableWriter.Write(run.Out, on is null ? ["KEY", "TYPE", "NAME", "TAGS"] : ["KEY", "TYPE", environment!.ToUpperInvariant(), "NAME", "TAGS"], rows);
        return 0;
    }

    public static async Task<int> GetAsync(string[] argv, CliRun run)
    {
        var args = CliArguments.Parse(argv, ["url", "project", "env"], ["json"]);
        var key = args.Expect("key")[0];
        var project = AdminClient.Segment(args.Required("project"));
        using var client = run.Connect(args);
        if (args.Option("env") is not { } environment)
        {
            var definition = await client.GetAsync($"/api/v1/projects/{project}/flags/{AdminClient.Segment(key)}", run.CancellationToken);
            await run.Out.WriteLineAsync(JsonSerializer.Serialize(definition.Json, Indented));
            return 0;
        }

        var response = await client.GetAsync($"/api/v1/projects/{project}/environments/{AdminClient.Segment(environment)}/flags/{AdminClient.Segment(key)}", run.CancellationToken);
        await run.Out.WriteLineAsync(JsonSerializer.Serialize(response.Json.GetProperty("flag"), Indented));
        await run.Console.Error.WriteLineAsync($"etag: {response.ETag}");
        return 0;
    }

    public static async Task<int> ToggleAsync(string[] argv, CliRun run)
    {
        var args = CliArguments.Parse(argv, ["url", "project", "env", "comment", "if-match"], []);
        var positionals = args.Expect("key", "on|off");
        var (key, state) = (positionals[0], positionals[1]);
        if (state is not ("on" or "off"))
        {
            throw CliException.Usage($"the state must be on or off, not '{state}'");
        }

        var environment = args.Required("env");
        var url = $"/api/v1/projects/{AdminClient.Segment(args.Required("project"))}/environments/{AdminClient.Segment(environment)}/flags/{AdminClient.Segment(key)}";
        using var client = run.Connect(args);
        var etag = args.Option("if-match");
        if (etag is null)
        {
            var current = await client.GetAsync(url, run.CancellationToken);
            etag = current.ETag ?? throw CliException.Failure("the server sent no ETag for the flag");
        }

        var written = await client.SendAsync(HttpMethod.Put, url + "/enabled", JsonContent.Create(new { enabled = state == "on" }), etag, args.Option("comment"), run.CancellationToken);
        if (written.Held)
        {
            return await ChangeCommands.HeldAsync(written, run);
        }

        var version = written.Json.GetProperty("versions").TryGetProperty(environment, out var v) ? v.GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture) : "?";
        await run.Out.WriteLineAsync($"{key} is {state} in {environment} (environment version {version})");
        return 0;
    }

    private static async Task<List<JsonElement>> ReadAllAsync(AdminClient client, string project, string? search, string? environment, string? state, CancellationToken cancellationToken)
    {
        var flags = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var query = new List<string> { "limit=500" };
            if (search is not null)
            {
                query.Add("q=" + Uri.EscapeDataString(search));
            }

            if (state is not null)
            {
                query.Add("environment=" + Uri.EscapeDataString(environment!));
                query.Add("state=" + state);
            }

            if (cursor is not null)
            {
                query.Add("cursor=" + Uri.EscapeDataString(cursor));
            }

            var page = await client.GetAsync($"/api/v1/projects/{AdminClient.Segment(project)}/flags?{string.Join('&', query)}", cancellationToken);
            flags.AddRange(page.Json.GetProperty("items").EnumerateArray());
            cursor = page.Json.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);
        return flags;
    }
}
