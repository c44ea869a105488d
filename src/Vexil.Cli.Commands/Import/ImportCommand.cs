using System.CommandLine;
using System.Net.Http.Headers;
using Vexil.Cli.Changes;
using Vexil.Cli.CommandLine;

namespace Vexil.Cli.Import;

/// <summary><c>vexil import flagd|launchdarkly|unleash --project P --env E FILE [--dry-run] [--partial]</c>.</summary>
internal static class ImportCommand
{
    public static Command Create(CliConsole console) => VexilCli.Group(
        "import",
        "Imports flags from flagd, LaunchDarkly or Unleash (all or nothing unless --partial)",
        Source(console, "flagd", "Imports a flagd flag file as native flags (docs/flagd.md). All or nothing: every flag that cannot be translated is reported with its JSON path and nothing changes, unless --partial. --dry-run reports what would happen"),
        Source(console, "launchdarkly", "Imports LaunchDarkly's server-side SDK data ({\"flags\": …, \"segments\": …}) as native flags and segments that keep every context's variation (docs/migration.md). Refusals carry their path in the file; nothing changes unless every flag translates, or --partial"),
        Source(console, "unleash", "Imports Unleash's client features (the answer of /api/client/features) as native flags that keep every context's variation (docs/migration.md). Refusals carry their path in the file; nothing changes unless every flag translates, or --partial"));

    private static Command Source(CliConsole console, string source, string description) => new Command(source, description)
    {
        CliOptions.Project(), CliOptions.Environment(), CliOptions.File("FILE", $"The {source} file"), CliOptions.DryRun(),
        new Option<bool>("--partial") { Description = "Import what translates and report the rest, instead of nothing" },
        CliOptions.Json(),
    }.WithUrl().Runs(console, run => RunAsync(run, source));

    private static async Task<int> RunAsync(CliRun run, string source)
    {
        var file = run.Parse.GetRequiredValue<string>("FILE");
        var path = run.EnvironmentPath;
        byte[] body;
        try
        {
            body = await File.ReadAllBytesAsync(file, run.CancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Failure($"cannot read {file}: {e.Message}");
        }

        var dryRun = run.Parse.GetValue<bool>("--dry-run");
        var query = string.Join('&', new[] { dryRun ? "dryRun=true" : null, run.Parse.GetValue<bool>("--partial") ? "partial=true" : null }.Where(q => q is not null));
        using var client = run.Connect();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await client.SendAsync(HttpMethod.Post, $"{path}/import/{source}{(query.Length > 0 ? "?" + query : string.Empty)}", content, null, null, run.CancellationToken);
        if (run.Json)
        {
            await run.Out.WriteLineAsync(response.Text);
            return 0;
        }

        if (response.Held)
        {
            return await ChangeCommands.HeldAsync(response, run);
        }

        var result = response.Json;
        var prefix = dryRun ? "would be " : string.Empty;
        foreach (var (name, label) in new[] { ("created", "created"), ("updated", "updated"), ("unchanged", "unchanged"), ("skipped", "skipped (cannot be imported)") })
        {
            var keys = result.GetProperty(name).EnumerateArray().Select(k => k.GetString()).ToList();
            if (keys.Count > 0)
            {
                await run.Out.WriteLineAsync($"{(name is "unchanged" or "skipped" ? string.Empty : prefix)}{label}: {string.Join(", ", keys)}");
            }
        }

        if (result.TryGetProperty("segments", out var segments) && segments.GetArrayLength() > 0)
        {
            await run.Out.WriteLineAsync($"segments: {string.Join(", ", segments.EnumerateArray().Select(k => k.GetString()))}");
        }

        var environment = result.GetProperty("environment").GetString();
        var version = result.GetProperty("version").GetInt64();
        await run.Out.WriteLineAsync(dryRun
            ? $"dry run: nothing changed; {environment} would be at version {version}"
            : $"{environment} is at version {version}");
        return 0;
    }
}
