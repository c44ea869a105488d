using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json;
using Vexil.Cli.Changes;
using Vexil.Cli.CommandLine;

namespace Vexil.Cli.FlagsAsCode;

/// <summary>
/// Flags as code. <c>vexil export</c> writes an environment's flags, segments, webhooks and settings as a flags file (the server's
/// <c>…/export</c>); <c>vexil apply</c> sends a flags file to the server's <c>…/apply</c>, which makes the environment
/// match it in one transaction — all of it or nothing — and answers what it did (or, with <c>--dry-run</c>, would do,
/// after exactly the same validation).
/// </summary>
internal static class FlagsAsCodeCommands
{
    public static Command CreateExport(CliConsole console) => new Command("export", "Writes the environment as a flags-as-code file (docs/cli.md#flags-as-code-export-and-apply) to standard output or --output")
    {
        CliOptions.Project(), CliOptions.Environment(),
        new Option<string>("--output", "-o") { Description = "Write the file here instead of standard output", HelpName = "FILE" },
    }.WithUrl().Runs(console, ExportAsync);

    public static Command CreateApply(CliConsole console) => new Command("apply", """
        Makes the environment match the file (from 'vexil export'): creates what is missing, updates what differs, shows the
        difference, leaves identical items alone (so applying twice changes nothing) and never deletes; all in one
        transaction, webhooks and settings included (a section the file leaves out is left alone). A webhook's
        "secretFromEnv" names an environment variable read here and sent as its signing secret. --dry-run shows the
        difference only.
        """)
    {
        CliOptions.Project(), CliOptions.Environment(), CliOptions.File("FILE", "The flags file"), CliOptions.DryRun(), CliOptions.Comment(), CliOptions.Json(),
    }.WithUrl().Runs(console, ApplyAsync);

    private static async Task<int> ExportAsync(CliRun run)
    {
        using var client = run.Connect();
        var file = await client.GetAsync($"{run.EnvironmentPath}/export", run.CancellationToken);
        if (run.Parse.GetValue<string>("--output") is { } output)
        {
            await File.WriteAllTextAsync(output, file.Text, run.CancellationToken);
        }
        else
        {
            await run.Out.WriteAsync(file.Text);
        }

        return 0;
    }

    private static async Task<int> ApplyAsync(CliRun run)
    {
        var path = run.Parse.GetRequiredValue<string>("FILE");
        var dryRun = run.Parse.GetValue<bool>("--dry-run");
        var body = FlagsFileSecrets.Resolve(await ReadFileAsync(path, run.CancellationToken), path, run.Console.Variable);
        using var client = run.Connect();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var comment = run.Parse.GetValue<string>("--comment") ?? $"vexil apply {Path.GetFileName(path)}";
        var response = await client.SendAsync(HttpMethod.Post, $"{run.EnvironmentPath}/apply{(dryRun ? "?dryRun=true" : string.Empty)}", content, null, comment, run.CancellationToken);
        if (run.Json)
        {
            await run.Out.WriteLineAsync(response.Text);
            return 0;
        }

        if (response.Held)
        {
            return await ChangeCommands.HeldAsync(response, run);
        }

        var changes = 0;
        foreach (var (list, what) in new[] { ("segments", "segment"), ("flags", "flag") })
        {
            foreach (var item in response.Json.GetProperty(list).EnumerateArray())
            {
                var key = item.GetProperty("key").GetString();
                switch (item.GetProperty("change").GetString())
                {
                    case "create":
                        await run.Out.WriteLineAsync($"+ {what} {key}: create");
                        changes++;
                        break;
                    case "update":
                        var fields = item.GetProperty("fields").EnumerateArray().Select(f => f.GetString()).ToList();
                        await run.Out.WriteLineAsync($"~ {what} {key}: {(fields.Count == 0 ? "changed" : string.Join(", ", fields))}");
                        changes++;
                        break;
                }
            }
        }

        changes += await FlagsFileSecrets.WriteSettingsAsync(response.Json, run.Out);
        var version = response.Json.GetProperty("version").GetInt64();
        await run.Out.WriteLineAsync(changes == 0
            ? "no changes: the environment matches the file"
            : dryRun
                ? $"dry run: {changes} change(s) would be made; nothing was written"
                : $"applied: {changes} change(s) in one transaction; environment version {version}");
        return 0;
    }

    /// <summary>The file, checked to be JSON here (the server checks everything else and reports paths in the file).</summary>
    private static async Task<byte[]> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        byte[] body;
        try
        {
            body = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Failure($"cannot read {path}: {e.Message}");
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("formatVersion", out _))
            {
                throw CliException.Failure($"{path} is not a flags file: expected {{\"formatVersion\": 1, \"flags\": [...], \"segments\": [...]}} as 'vexil export' writes it");
            }
        }
        catch (JsonException e)
        {
            throw CliException.Failure($"{path} is not valid JSON: {e.Message}");
        }

        return body;
    }
}
