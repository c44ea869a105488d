using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Vexil.Cli.Api;
using Vexil.Cli.CommandLine;

namespace Vexil.Cli.Changes;

/// <summary><c>vexil changes list|show|approve|reject|apply</c>: change requests, from the command line.</summary>
internal static class ChangeCommands
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create(CliConsole console) => VexilCli.Group(
        "changes",
        "Change requests: list, show, approve, reject, apply (docs/governance.md)",
        new Command("list", "Lists a project's change requests, newest first: id, status, author, environments, title. A write to an environment with a change policy becomes one of these instead of changing anything")
        {
            CliOptions.Project(),
            new Option<string>("--status") { Description = "Only change requests with this status", HelpName = "S" }.AcceptOnlyFromAmong("open", "approved", "rejected", "withdrawn", "applied"),
            CliOptions.Environment(required: false),
            new Option<string>("--flag") { Description = "Only change requests that change this flag", HelpName = "F" },
            CliOptions.Json(),
        }.WithUrl().Runs(console, ListAsync),
        new Command("show", "Shows a change request: title, status, author, environments, what it changes (path: before -> after) and its reviews")
        {
            CliOptions.Project(), Id(), CliOptions.Json(),
        }.WithUrl().Runs(console, ShowAsync),
        new Command("approve", "Approves the change request's current revision; it becomes approved once its environments' policies have their approvals (authors approve their own only where a policy allows it)")
        {
            CliOptions.Project(), Id(), CliOptions.Comment(),
        }.WithUrl().Runs(console, run => ReviewAsync(run, "approve")),
        new Command("reject", "Rejects the change request: it cannot be applied until its author edits it")
        {
            CliOptions.Project(), Id(), CliOptions.Comment(),
        }.WithUrl().Runs(console, run => ReviewAsync(run, "reject")),
        new Command("apply", "Applies an approved change request in one transaction. If a flag or segment it changes moved since it was proposed, the server answers 409 naming it and nothing changes: rebase it (POST …/change-requests/ID/rebase) and have it approved again")
        {
            CliOptions.Project(), Id(),
        }.WithUrl().Runs(console, ApplyAsync));

    private static async Task<int> ListAsync(CliRun run)
    {
        var query = new List<string>();
        foreach (var (option, parameter) in new[] { ("--status", "status"), ("--env", "environment"), ("--flag", "flag") })
        {
            if (run.Parse.GetValue<string>(option) is { } value)
            {
                query.Add($"{parameter}={Uri.EscapeDataString(value)}");
            }
        }

        using var client = run.Connect();
        var response = await client.GetAsync($"{Requests(run)}{(query.Count > 0 ? "?" + string.Join('&', query) : string.Empty)}", run.CancellationToken);
        if (run.Json)
        {
            await run.Out.WriteLineAsync(JsonSerializer.Serialize(response.Json, Indented));
            return 0;
        }

        var rows = response.Json.EnumerateArray().Select(r => new[]
        {
            r.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture),
            r.GetProperty("status").GetString()!,
            r.GetProperty("author").GetString()!,
            string.Join(",", r.GetProperty("environments").EnumerateArray().Select(e => e.GetString())),
            r.GetProperty("title").GetString()!,
        }).ToList();
        TableWriter.Write(run.Out, ["ID", "STATUS", "AUTHOR", "ENVIRONMENTS", "TITLE"], rows);
        return 0;
    }

    private static async Task<int> ShowAsync(CliRun run)
    {
        var id = run.Parse.GetRequiredValue<long>("ID");
        using var client = run.Connect();
        var response = await client.GetAsync($"{Requests(run)}/{id}", run.CancellationToken);
        if (run.Json)
        {
            await run.Out.WriteLineAsync(JsonSerializer.Serialize(response.Json, Indented));
            return 0;
        }

        await WriteAsync(run.Out, response.Json);
        return 0;
    }

    private static async Task<int> ApplyAsync(CliRun run)
    {
        var id = run.Parse.GetRequiredValue<long>("ID");
        using var client = run.Connect();
        var response = await client.SendAsync(HttpMethod.Post, $"{Requests(run)}/{id}/apply", null, null, null, run.CancellationToken);
        await run.Out.WriteLineAsync($"change request {id} applied: {response.Json.GetProperty("title").GetString()}");
        return 0;
    }

    /// <summary>What a write held by a change policy prints: the change request it became, and how to follow it.</summary>
    public static async Task<int> HeldAsync(CliResponse response, CliRun run)
    {
        var request = response.Json;
        var id = request.GetProperty("id").GetInt64();
        await run.Out.WriteLineAsync($"held for review: change request {id} ({request.GetProperty("title").GetString()}) waits for approval; nothing was changed yet");
        await run.Out.WriteLineAsync($"follow it with: vexil changes show --project {request.GetProperty("project").GetString()} {id}");
        return 0;
    }

    private static async Task<int> ReviewAsync(CliRun run, string step)
    {
        var id = run.Parse.GetRequiredValue<long>("ID");
        using var client = run.Connect();
        using var content = JsonContent.Create(new { comment = run.Parse.GetValue<string>("--comment") });
        var response = await client.SendAsync(HttpMethod.Post, $"{Requests(run)}/{id}/{step}", content, null, null, run.CancellationToken);
        await run.Out.WriteLineAsync($"change request {id} is {response.Json.GetProperty("status").GetString()}");
        return 0;
    }

    private static async Task WriteAsync(TextWriter output, JsonElement r)
    {
        await output.WriteLineAsync($"#{r.GetProperty("id").GetInt64()} {r.GetProperty("title").GetString()}");
        await output.WriteLineAsync($"status: {r.GetProperty("status").GetString()} (revision {r.GetProperty("revision").GetInt64()})");
        await output.WriteLineAsync($"author: {r.GetProperty("author").GetString()}, via {r.GetProperty("origin").GetString()}");
        await output.WriteLineAsync($"environments: {string.Join(", ", r.GetProperty("environments").EnumerateArray().Select(e => e.GetString()))}");
        if (r.TryGetProperty("description", out var description) && description.ValueKind == JsonValueKind.String)
        {
            await output.WriteLineAsync(description.GetString());
        }

        await output.WriteLineAsync();
        foreach (var entry in r.GetProperty("diff").EnumerateArray())
        {
            var environment = entry.GetProperty("environment").ValueKind == JsonValueKind.String ? $" in {entry.GetProperty("environment").GetString()}" : string.Empty;
            await output.WriteLineAsync($"{entry.GetProperty("action").GetString()} {entry.GetProperty("resource").GetString()}{environment}");
            foreach (var change in entry.GetProperty("changes").EnumerateArray())
            {
                await output.WriteLineAsync($"  {change.GetProperty("path").GetString()}: {Value(change, "before")} -> {Value(change, "after")}");
            }
        }

        foreach (var review in r.GetProperty("reviews").EnumerateArray())
        {
            var body = review.GetProperty("body").ValueKind == JsonValueKind.String ? $": {review.GetProperty("body").GetString()}" : string.Empty;
            await output.WriteLineAsync($"{review.GetProperty("actor").GetString()} {review.GetProperty("kind").GetString()} (revision {review.GetProperty("revision").GetInt64()}){body}");
        }
    }

    private static string Value(JsonElement change, string name) =>
        change.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "(none)";

    private static string Requests(CliRun run) => $"/api/v1/projects/{AdminClient.Segment(run.Project)}/change-requests";

    /// <summary>The change request's id: a positive number, or a usage error that shows the value.</summary>
    private static Argument<long> Id() => new("ID")
    {
        Description = "The change request's id",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
            {
                return id;
            }

            result.AddError($"the change request id must be a positive number, not '{text}'");
            return 0;
        },
    };
}
