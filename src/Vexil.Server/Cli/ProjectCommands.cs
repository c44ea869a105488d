namespace Vexil.Server.Cli;

/// <summary><c>vexil projects list</c>.</summary>
internal static class ProjectCommands
{
    public static async Task<int> ListAsync(string[] argv, CliRun run)
    {
        var args = CliArguments.Parse(argv, ["url"], ["json"]);
        args.Expect();
        using var client = run.Connect(args);
        var response = await client.GetAsync("/api/v1/projects", run.CancellationToken);
        if (args.Switch("json"))
        {
            await run.Out.WriteLineAsync(response.Text);
            return 0;
        }

        var rows = new List<string[]>();
        foreach (var project in response.Json.EnumerateArray())
        {
            var key = project.GetProperty("key").GetString()!;
            var projectInfo = await client.GetAsync($"/api/v1/projects/{AdminClient.Segment(key)}/environments", run.CancellationToken);
            var environments = string.Join(", ", projectInfo.Json.EnumerateArray().Select(e => e.GetProperty("key").GetString()));
            rows.Add([key, project.GetProperty("name").GetString()!, environments]);
        }

        TableWriter.Write(run.Out, ["KEY", "NAME", "ENVIRONMENTS"], rows);
        return 0;
    }
}
