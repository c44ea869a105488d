using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Vexil.Cli.Api;
using Vexil.Cli.CommandLine;

namespace Vexil.Cli.Insights;

/// <summary><c>vexil insights usage|stale</c>.</summary>
internal static class InsightsCommands
{
    public static Command Create(CliConsole console) => VexilCli.Group(
        "insights",
        "Flag usage and stale flags",
        new Command("usage", "Evaluations and exposures per variation over time (RFC 3339 times; default: the last 24 hours by hour)")
        {
            CliOptions.Project(), CliOptions.Environment(), new Argument<string>("FLAG") { Description = "The flag's key" },
            new Option<string>("--from") { Description = "Start (RFC 3339)", HelpName = "T" },
            new Option<string>("--to") { Description = "End (RFC 3339)", HelpName = "T" },
            new Option<string>("--granularity") { Description = "Bucket size", HelpName = "minute|hour|day" },
            CliOptions.Json(),
        }.WithUrl().Runs(console, UsageAsync),
        new Command("stale", "The environment's stale flags and why (not evaluated for N days, one variation served, past its lifetime)")
        {
            CliOptions.Project(), CliOptions.Environment(), CliOptions.WholeNumber("--days", "Stale after this many days without evaluations", "N"), CliOptions.Json(),
        }.WithUrl().Runs(console, StaleAsync));

    private static async Task<int> UsageAsync(CliRun run)
    {
        var flag = run.Parse.GetRequiredValue<string>("FLAG");
        var query = new List<string>();
        foreach (var name in new[] { "from", "to", "granularity" })
        {
            if (run.Parse.GetValue<string>("--" + name) is { } value)
            {
                query.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        using var client = run.Connect();
        var response = await client.GetAsync(
            $"{run.EnvironmentPath}/flags/{AdminClient.Segment(flag)}/usage{(query.Count > 0 ? "?" + string.Join('&', query) : string.Empty)}",
            run.CancellationToken);
        if (run.Json)
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

    private static async Task<int> StaleAsync(CliRun run)
    {
        var days = run.Parse.GetValue<int?>("--days");
        using var client = run.Connect();
        var response = await client.GetAsync($"{run.EnvironmentPath}/stale-flags{(days is { } d ? $"?staleAfterDays={d.ToString(CultureInfo.InvariantCulture)}" : string.Empty)}", run.CancellationToken);
        if (run.Json)
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

    private static string Time(JsonElement value) =>
        value.GetDateTimeOffset().ToUniversalTime().ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
}
