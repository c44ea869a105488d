using System.Globalization;
using System.Text.Json;

namespace Vexil.Server.Cli;

/// <summary><c>vexil insights usage|stale</c>.</summary>
internal static class InsightsCommands
{
    public static async Task<int> UsageAsync(string[] argv, CliRun run)
    {
        var args = CliArguments.Parse(argv, ["url", "project", "env", "from", "to", "granularity"], ["json"]);
        var flag = args.Expect("flag")[0];
        var query = new List<string>();
        foreach (var name in new[] { "from", "to", "granularity" })
        {
            if (args.Option(name) is { } value)
            {
                query.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        using var client = run.Connect(args);
        var response = await client.GetAsync(
            $"{EnvironmentPath(args)}/flags/{AdminClient.Segment(flag)}/usage{(query.Count > 0 ? "?" + string.Join('&', query) : string.Empty)}",
            run.CancellationToken);
        if (args.Switch("json"))
        {
            await run.Out.WriteLineAsync(response.Text);
            return 0;
        }

        var body = response.Json;
        await run.Out.WriteLineAsync($"{flag} in {body.GetProperty("environment").GetString()}, {Time(body.GetProperty("from"))} to {Time(body.GetProperty("to"))}, by {body.GetProperty("granularity").GetString()}");
        var points = body.GetProperty("points").EnumerateArray().ToList();
        if (points.Count == 0)
        {
            await run.Out.WriteLineAsync("no evaluations recorded in this range");
            return 0;
        }

        var rows = points.Select(p => new[]
        {
            Time(p.GetProperty("start")),
            p.GetProperty("variation").GetString()!,
            p.GetProperty("evaluations").GetInt64().ToString("N0", CultureInfo.InvariantCulture),
            p.GetProperty("exposures").GetInt64().ToString("N0", CultureInfo.InvariantCulture),
        }).ToList();
        foreach (var total in points.GroupBy(p => p.GetProperty("variation").GetString()!).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            rows.Add(["total", total.Key, total.Sum(p => p.GetProperty("evaluations").GetInt64()).ToString("N0", CultureInfo.InvariantCulture), total.Sum(p => p.GetProperty("exposures").GetInt64()).ToString("N0", CultureInfo.InvariantCulture)]);
        }

        TableWriter.Write(run.Out, ["START", "VARIATION", "EVALUATIONS", "EXPOSURES"], rows);
        return 0;
    }

    public static async Task<int> StaleAsync(string[] argv, CliRun run)
    {
        var args = CliArguments.Parse(argv, ["url", "project", "env", "days"], ["json"]);
        args.Expect();
        var days = args.Integer("days");
        using var client = run.Connect(args);
        var response = await client.GetAsync($"{EnvironmentPath(args)}/stale-flags{(days is { } d ? $"?staleAfterDays={d.ToString(CultureInfo.InvariantCulture)}" : string.Empty)}", run.CancellationToken);
        if (args.Switch("json"))
        {
            await run.Out.WriteLineAsync(response.Text);
            return 0;
        }

        var flags = response.Json.GetProperty("flags").EnumerateArray().ToList();
        var period = response.Json.GetProperty("staleAfterDays").GetInt32();
        if (flags.Count == 0)
        {
            await run.Out.WriteLineAsync($"no stale flags (stale after {period} days)");
            return 0;
        }

        TableWriter.Write(
            run.Out,
            ["KEY", "REASONS", "LAST EVALUATED"],
            [.. flags.Select(f => new[]
            {
                f.GetProperty("key").GetString()!,
                string.Join(",", f.GetProperty("reasons").EnumerateArray().Select(r => r.GetString())),
                f.TryGetProperty("lastEvaluated", out var last) && last.ValueKind == JsonValueKind.String ? Time(last) : "never",
            })]);
        return 0;
    }

    internal static string EnvironmentPath(CliArguments args) =>
        $"/api/v1/projects/{AdminClient.Segment(args.Required("project"))}/environments/{AdminClient.Segment(args.Required("env"))}";

    private static string Time(JsonElement value) =>
        value.GetDateTimeOffset().ToUniversalTime().ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
}
