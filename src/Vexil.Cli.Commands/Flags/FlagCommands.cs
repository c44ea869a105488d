using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using Vexil.Cli.Api;
using Vexil.Cli.Changes;
using Vexil.Cli.CommandLine;

namespace Vexil.Cli.Flags;

/// <summary><c>vexil flags list|get|toggle</c>.</summary>
internal static class FlagCommands
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create(CliConsole console) => VexilCli.Group(
        "flags",
        "Lists, shows and toggles flags",
        new Command("list", "Lists a project's flags (key, type, name, tags); with --env, whether each is on in that environment; --search matches key or name")
        {
            CliOptions.Project(), CliOptions.Environment(required: false), new Option<string>("--search") { Description = "Lists the flags whose key or name matches", HelpName = "S" }, CliOptions.Json(),
        }.WithUrl().Runs(console, ListAsync),
        new Command("get", "Prints the flag's definition (JSON); with --env, its native flag object in that environment, and its ETag on standard error")
        {
            CliOptions.Project(), CliOptions.Environment(required: false), Key(), CliOptions.Json(),
        }.WithUrl().Runs(console, GetAsync),
        new Command("toggle", """
            The kill switch: turns the flag on or off in one environment, changing nothing else. Reads the flag for its ETag
            and writes with If-Match (or uses --if-match, an ETag from 'flags get'): if someone changed the flag in between,
            the server answers 412 and nothing changes. --comment goes into the audit log.
            """)
        {
            CliOptions.Project(), CliOptions.Environment(), Key(), new Argument<string>("STATE") { Description = "on or off" }.AcceptOnlyFromAmong("on", "off"), CliOptions.Comment(),
            new Option<string>("--if-match") { Description = "Write only if the flag still has this ETag (from 'flags get')", HelpName = "ETAG" },
        }.WithUrl().Runs(console, ToggleAsync));

    private static Argument<string> Key() => new("KEY") { Description = "The flag's key" };

    private static async Task<int> ListAsync(CliRun run)
    {
        var project = run.Project;
        var environment = run.OptionalEnvironment;
        var search = run.Parse.GetValue<string>("--search");
        using var client = run.Connect();
        if (environment is not null)
        {
            // The state filter alone would list nothing for an environment that does not exist.
            await client.GetAsync($"/api/v1/projects/{AdminClient.Segment(project)}/environments/{AdminClient.Segment(environment)}", run.CancellationToken);
        }

        var flags = await ReadAllAsync(client, project, search, environment, null, run.CancellationToken);
        HashSet<string>? on = null;
        if (environment is not null)
        {
            on = [.. (await ReadAllAsync(client, project, search, environment, "on", run.CancellationToken)).Select(f => f.GetProperty("key").GetString()!)];
        }

        if (run.Json)
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

    private static async Task<int> GetAsync(CliRun run)
    {
        var key = run.Parse.GetRequiredValue<string>("KEY");
        var project = AdminClient.Segment(run.Project);
        using var client = run.Connect();
        if (run.OptionalEnvironment is not { } environment)
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

    private static async Task<int> ToggleAsync(CliRun run)
    {
        var key = run.Parse.GetRequiredValue<string>("KEY");
        var state = run.Parse.GetRequiredValue<string>("STATE");
        var environment = run.Environment;
        var url = $"{run.EnvironmentPath}/flags/{AdminClient.Segment(key)}";
        using var client = run.Connect();
        var etag = run.Parse.GetValue<string>("--if-match");
        if (etag is null)
        {
            var current = await client.GetAsync(url, run.CancellationToken);
            etag = current.ETag ?? throw CliException.Failure("the server sent no ETag for the flag");
        }

        var written = await client.SendAsync(HttpMethod.Put, url + "/enabled", JsonContent.Create(new { enabled = state == "on" }), etag, run.Parse.GetValue<string>("--comment"), run.CancellationToken);
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
