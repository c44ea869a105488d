using System.CommandLine;
using Vexil.Cli.Api;
using Vexil.Cli.CommandLine;

namespace Vexil.Cli.Login;

/// <summary>
/// <c>vexil login --url URL</c>: checks the token (from VEXIL_TOKEN or stdin, never argv) and stores both. Other ways to
/// sign in add their options to <see cref="Create"/>'s command and branch in <see cref="RunAsync"/> before the token is read.
/// </summary>
internal static class LoginCommand
{
    public static Command Create(CliConsole console) => new Command("login", """
        Checks a token against the server and stores URL and token in the configuration file (mode 0600):
        $VEXIL_CONFIG, else $XDG_CONFIG_HOME/vexil/config.json, else ~/.config/vexil/config.json.
        The token is read from VEXIL_TOKEN or, when that is not set, from the first line of standard input;
        never from the command line. Create one with POST /api/v1/tokens (administrator).
        With --provider NAME, signs in through that single sign-on provider's device flow instead.
        """)
    {
        new Option<string>(CliOptions.UrlName) { Description = "The control plane's URL", HelpName = "URL", Required = true },
        new Option<string>(ProviderName)
        {
            Description = "Sign in through this single sign-on provider instead (its device flow: open the page shown, confirm the code); the session is stored like a token",
            HelpName = "NAME",
        },
    }.Runs(console, RunAsync);

    private const string ProviderName = "--provider";

    private static async Task<int> RunAsync(CliRun run)
    {
        var url = run.Parse.GetRequiredValue<string>(CliOptions.UrlName);
        if (run.Parse.GetValue<string>(ProviderName) is { } provider)
        {
            return await DeviceLogin.RunAsync(run, url, provider);
        }

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
