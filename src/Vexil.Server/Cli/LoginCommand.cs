namespace Vexil.Server.Cli;

/// <summary><c>vexil login --url URL</c>: checks the token (from VEXIL_TOKEN or stdin, never argv) and stores both.</summary>
internal static class LoginCommand
{
    public static async Task<int> RunAsync(string[] argv, CliRun run)
    {
        if (argv.Any(a => a == "--provider" || a.StartsWith("--provider=", StringComparison.Ordinal)))
        {
            return await Sso.DeviceLogin.RunAsync(argv, run);
        }

        var args = CliArguments.Parse(argv, ["url"], []);
        args.Expect();
        var url = args.Required("url");
        var token = run.Console.Variable("VEXIL_TOKEN");
        if (string.IsNullOrEmpty(token))
        {
            token = (await run.Console.In.ReadLineAsync(run.CancellationToken))?.Trim();
        }

        if (string.IsNullOrEmpty(token))
        {
            throw CliException.Usage("no token: set VEXIL_TOKEN or pipe the token to standard input (it is never taken from the command line)");
        }

        using (var client = AdminClient.Create(url, token))
        {
            await client.GetAsync("/api/v1/projects", run.CancellationToken);
        }

        new CliConfig(url, token).Save(run.Console.ConfigPath);
        await run.Out.WriteLineAsync($"Logged in to {url}; the token is stored in {run.Console.ConfigPath} (mode 0600).");
        return 0;
    }
}
