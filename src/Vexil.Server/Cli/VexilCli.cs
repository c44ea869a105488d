namespace Vexil.Server.Cli;

/// <summary>
/// The client commands of the <c>vexil</c> binary, dispatched before any web host is built. Results go to standard
/// output, errors to standard error; exit code 0 on success, 1 on a failure (with the server's problem), 2 on a
/// usage error.
/// </summary>
internal static class VexilCli
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "login", "projects", "flags", "changes", "insights", "import", "export", "apply", "help", "--help", "-h",
    };

    /// <summary>True when the arguments name a client command rather than a server role.</summary>
    public static bool Handles(string[] args) => args.Length > 0 && Names.Contains(args[0]);

    public static Task<int> RunAsync(string[] args) => RunAsync(args, CliConsole.System(), CancellationToken.None);

    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        try
        {
            return await DispatchAsync(args, console, cancellationToken);
        }
        catch (CliException e)
        {
            await console.Error.WriteLineAsync($"vexil: {e.Message}");
            if (e.ExitCode == 2)
            {
                await console.Error.WriteLineAsync("run 'vexil help' for usage");
            }

            return e.ExitCode;
        }
    }

    private static async Task<int> DispatchAsync(string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        var command = args[0];
        if (command is "help" or "--help" or "-h")
        {
            var topic = string.Join(' ', args.Skip(1));
            var text = topic.Length == 0 ? CliHelp.Overview : CliHelp.For(topic) ?? throw CliException.Usage($"no command '{topic}'");
            await console.Out.WriteAsync(text.EndsWith('\n') ? text : text + "\n");
            return 0;
        }

        var hasSubcommand = command is "projects" or "flags" or "changes" or "insights" or "import";
        if (hasSubcommand && (args.Length < 2 || args[1].StartsWith('-')))
        {
            if (args.Length >= 2 && args[1] is "--help" or "-h")
            {
                await console.Out.WriteLineAsync(CliHelp.Overview);
                return 0;
            }

            throw CliException.Usage($"'{command}' needs a subcommand");
        }

        var name = hasSubcommand ? $"{command} {args[1]}" : command;
        var rest = args[(hasSubcommand ? 2 : 1)..];
        if (CliHelp.For(name) is not { } help)
        {
            throw CliException.Usage($"no command '{name}'");
        }

        if (rest.Contains("--help") || rest.Contains("-h"))
        {
            await console.Out.WriteAsync(help);
            return 0;
        }

        var run = new CliRun(console, cancellationToken);
        return name switch
        {
            "login" => await LoginCommand.RunAsync(rest, run),
            "projects list" => await ProjectCommands.ListAsync(rest, run),
            "flags list" => await FlagCommands.ListAsync(rest, run),
            "flags get" => await FlagCommands.GetAsync(rest, run),
            "flags toggle" => await FlagCommands.ToggleAsync(rest, run),
            "changes list" => await ChangeCommands.ListAsync(rest, run),
            "changes show" => await ChangeCommands.ShowAsync(rest, run),
            "changes approve" => await ChangeCommands.ApproveAsync(rest, run),
            "changes reject" => await ChangeCommands.RejectAsync(rest, run),
            "changes apply" => await ChangeCommands.ApplyAsync(rest, run),
            "insights usage" => await InsightsCommands.UsageAsync(rest, run),
            "insights stale" => await InsightsCommands.StaleAsync(rest, run),
            "import flagd" => await ImportCommand.RunAsync(rest, run),
            "import launchdarkly" => await ImportCommand.RunAsync(rest, run, "launchdarkly"),
            "import unleash" => await ImportCommand.RunAsync(rest, run, "unleash"),
            "export" => await FlagsAsCodeCommands.ExportAsync(rest, run),
            _ => await FlagsAsCodeCommands.ApplyAsync(rest, run),
        };
    }
}

/// <summary>One command's console and cancellation.</summary>
internal sealed record CliRun(CliConsole Console, CancellationToken CancellationToken)
{
    public TextWriter Out => Console.Out;

    public AdminClient Connect(CliArguments args) => AdminClient.Connect(Console, args.Option("url"));
}
