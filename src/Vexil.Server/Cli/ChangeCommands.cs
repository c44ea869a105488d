using System.Globalization;
using System.Text.Json;

namespace Vexil.Server.Cli;

/// <summary><c>vexil changes list|show|approve|reject|apply</c>: change requests, from the command line.</summary>
internal static class ChangeCommands
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> ListAsync(string[] argv, CliRun run)
    {
        var args = CliArguments.Parse(argv, ["url", "project", "status", "env", "flag"], ["json"]);
        args.Expect();
        var query = new List<string>();
        foreach (var (option, parameter) in new[] { ("status", "status"), ("env", "environment"), ("flag", "flag") })
        {
            if (args.Option(option) is { } value)
            {
                query.Add($"{parameter}={Uri.EscapeDataString(value)}");
            }
        }

        using var client = run.Connect(args);
        var response = await client.GetAsync($"{Requests(args)}{(query.Count > 0 ? "?" + string.Join('&', query) : string.Empty)}", run.CancellationToken);
        if (args.Switch("json"))
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

    public static async Task<int> ShowAsync(string[] argv, CliRun run)
    {
        var args = CliArguments.Parse(argv, ["url", "project"], ["json"]);
        var id = Id(args.Expect("id")[0]);
        using var client = run.Connect(args);
        var response = await client.GetAsync($"{Requests(args)}/{id}", run.CancellationToken);
        if (args.Switch("json"))
        {
            await run.Out.WriteLineAsync(JsonSerializer.Serialize(response.Json, Indented));
            return 0;
        }

        await WriteAsync(run.Out, response.Json);
        return 0;
    }

    public static Task<int> ApproveAsync(string[] argv, CliRun run) => ReviewAsync(argv, run, "approve");

    public static Task<int> RejectAsync(string[] argv, CliRun run) => ReviewAsync(argv, run, "reject");

    public static async Task<int> ApplyAsync(string[] argv, CliRun run)
    {
        var args = CliArguments.Parse(argv, ["url", "project"], []);
        var id = Id(args.Expect("id")[0]);
        using var client = run.Connect(args);
        var response = await client.SendAsync(HttpMethod.Post, $"{Requests(args)}/{id}/apply", null, null, null, run.CancellationToken);
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

    private static async Task<int> ReviewAsync(string[] argv, CliRun run, string step)
    {
        var args = CliArguments.Parse(argv, ["url", "project", "comment"], []);
        var id = Id(args.Expect("id")[0]);
        using var client = run.Connect(args);
        using var content = JsonContent.Create(new { comment = args.Option("comment") });
        var response = await client.SendAsync(HttpMethod.Post, $"{Requests(args)}/{id}/{step}", content, null, null, run.CancellationToken);
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

    private static string Requests(CliArguments args) => $"/api/v1/projects/{AdminClient.Segment(args.Required("project"))}/change-requests";

    private static long Id(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : throw CliException.Usage($"the change request id must be a positive number, not '{text}'");
}
