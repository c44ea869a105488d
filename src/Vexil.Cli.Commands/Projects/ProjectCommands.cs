using System.CommandLine;
using Vexil.Cli.Api;
using Vexil.Cli.CommandLine;

namespace Vexil.Cli.Projects;

/// <summary><c>vexil projects list</c>.</summary>
internal static class ProjectCommands
{
    public static Command Create(CliConsole console) => VexilCli.Group(
        "projects",
        "Lists projects",
        new Command("list", "Lists the projects and their environments") { CliOptions.Json() }.WithUrl().Runs(console, ListAsync));

    private static async Task<int> ListAsync(CliRun run)
    {
        using var client = run.Connect();
        var response = await client.GetAsync("/api/v1/projects", run.CancellationToken);
        if (run.Json)
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
