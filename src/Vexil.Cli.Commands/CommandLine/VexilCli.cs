using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Vexil.Cli.Changes;
using Vexil.Cli.Flags;
using Vexil.Cli.FlagsAsCode;
using Vexil.Cli.Import;
using Vexil.Cli.Insights;
using Vexil.Cli.Login;
using Vexil.Cli.Projects;

namespace Vexil.Cli.CommandLine;

/// <summary>
/// The <c>vexil</c> command line: one System.CommandLine tree for every command. The client commands are built here;
/// the server executable adds its roles (<c>serve</c>, <c>edge</c>, <c>backup</c>, <c>admin</c>, the control plane as
/// the root's own action) through <c>server</c>. Results go to standard output, errors to standard error; exit code 0 on
/// success, 1 on a failure (with the server's problem), 2 on a usage error (with what was wrong and where to read more).
/// </summary>
internal static class VexilCli
{
    /// <summary>The exit code of a usage error.</summary>
    public const int UsageExit = 2;

    private const string Description = """
        vexil: the Vexil server and its command-line client.
        The client commands talk to a control plane's admin API (see docs/cli.md); the server roles run in the
        executable of the server build (the control plane is 'vexil' with no command).
        Exit codes: 0 success, 1 failure (the server's problem is shown), 2 usage error.
        """;

    /// <summary>Runs the client commands only, as the <c>vexil</c> dotnet tool and the tests do.</summary>
    public static Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken) =>
        RunAsync(args, console, null, cancellationToken);

    /// <summary>Parses <paramref name="args"/> and runs the command they name.</summary>
    /// <param name="args">The process's arguments.</param>
    /// <param name="console">Where the run reads and writes.</param>
    /// <param name="server">Adds the server roles to the root; null for the client alone.</param>
    /// <param name="cancellationToken">Ends the command.</param>
    public static async Task<int> RunAsync(string[] args, CliConsole console, Action<RootCommand>? server, CancellationToken cancellationToken)
    {
        var root = Create(console, server);
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        // A root that lets unmatched tokens through (the server's, for --Vexil:* settings) lets them through for every
        // command; only the commands that say so (the server roles) take them, the others refuse them here.
        var errors = parse.Action is ParseErrorAction ? parse.Errors.Select(e => e.Message).ToList() : [];
        if (!parse.RootCommandResult.Command.TreatUnmatchedTokensAsErrors && parse.CommandResult.Command.TreatUnmatchedTokensAsErrors)
        {
            errors.AddRange(parse.UnmatchedTokens.Select(t => $"Unrecognized command or argument '{t}'."));
        }

        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                await console.Error.WriteLineAsync($"vexil: {error}");
            }

            await console.Error.WriteLineAsync($"run 'vexil help{CommandPath(parse.CommandResult.Command)}' for usage");
            return UsageExit;
        }

        try
        {
            return await parse.InvokeAsync(Invocation(console), cancellationToken);
        }
        catch (CliException e)
        {
            await console.Error.WriteLineAsync($"vexil: {e.Message}");
            if (e.ExitCode == UsageExit)
            {
                await console.Error.WriteLineAsync($"run 'vexil help{CommandPath(parse.CommandResult.Command)}' for usage");
            }

            return e.ExitCode;
        }
    }

    /// <summary>The whole tree: client commands, <c>help</c>, <c>completion</c>, and what <paramref name="server"/> adds.</summary>
    public static RootCommand Create(CliConsole console, Action<RootCommand>? server)
    {
        var root = new RootCommand(Description);
        root.Subcommands.Add(LoginCommand.Create(console));
        root.Subcommands.Add(ProjectCommands.Create(console));
        root.Subcommands.Add(FlagCommands.Create(console));
        root.Subcommands.Add(ChangeCommands.Create(console));
        root.Subcommands.Add(InsightsCommands.Create(console));
        root.Subcommands.Add(ImportCommand.Create(console));
        root.Subcommands.Add(FlagsAsCodeCommands.CreateExport(console));
        root.Subcommands.Add(FlagsAsCodeCommands.CreateApply(console));
        root.Subcommands.Add(HelpCommand.Create(root, console));
        root.Subcommands.Add(CompletionCommand.Create(console));
        server?.Invoke(root);
        if (root.Action is null)
        {
            root.SetAction(Fail("a command is required"));
        }

        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new IndexedHelpAction((HelpAction)help.Action!);
        return root;
    }

    /// <summary>A command that only groups subcommands: run alone, it says which it needs.</summary>
    public static Command Group(string name, string description, params Command[] subcommands)
    {
        var command = new Command(name, description);
        foreach (var subcommand in subcommands)
        {
            command.Subcommands.Add(subcommand);
        }

        command.SetAction(Fail($"'{name}' needs a subcommand: {string.Join(", ", subcommands.Select(s => s.Name))}"));
        return command;
    }

    /// <summary>Sets <paramref name="command"/>'s action: a <see cref="CliRun"/> for the parsed line.</summary>
    public static Command Runs(this Command command, CliConsole console, Func<CliRun, Task<int>> action)
    {
        command.SetAction((parse, cancellationToken) => action(new CliRun(console, parse, cancellationToken)));
        return command;
    }

    private static Func<ParseResult, int> Fail(string message) => _ => throw CliException.Usage(message);

    internal static InvocationConfiguration Invocation(CliConsole console) => new()
    {
        Output = console.Out,
        Error = console.Error,
        EnableDefaultExceptionHandler = false,
        ProcessTerminationTimeout = null,
    };

    /// <summary>" flags toggle" for that command, empty for the root.</summary>
    internal static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (Symbol? symbol = command; symbol is Command { } c and not RootCommand; symbol = c.Parents.FirstOrDefault())
        {
            names.Insert(0, c.Name);
        }

        return names.Count == 0 ? string.Empty : " " + string.Join(' ', names);
    }
}
