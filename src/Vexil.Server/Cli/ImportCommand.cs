using System.Net.Http.Headers;

namespace Vexil.Server.Cli;

/// <summary><c>vexil import flagd|launchdarkly|unleash --project P --env E FILE [--dry-run] [--partial]</c>.</summary>
internal static class ImportCommand
{
    public static async Task<int> RunAsync(string[] argv, CliRun run, string source = "flagd")
    {
        var args = CliArguments.Parse(argv, ["url", "project", "env"], ["dry-run", "partial", "json"]);
        var file = args.Expect("file")[0];
        var path = InsightsCommands.EnvironmentPath(args);
        byte[] body;
        try
        {
            body = await File.ReadAllBytesAsync(file, run.CancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Failure($"cannot read {file}: {e.Message}");
        }

        var dryRun = args.Switch("dry-run");
        var query = string.Join('&', new[] { dryRun ? "dryRun=true" : null, args.Switch("partial") ? "partial=true" : null }.Where(q => q is not null));
        using var client = run.Connect(args);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await client.SendAsync(HttpMethod.Post, $"{path}/import/{source}{(query.Length > 0 ? "?" + query : string.Empty)}", content, null, null, run.CancellationToken);
        if (args.Switch("json"))
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
