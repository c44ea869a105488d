using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Vexil.Cli.CommandLine;

/// <summary>
/// The generated help, and under the root's an index of every command in full (<c>vexil flags toggle --project P
/// --env E KEY STATE [options]</c>), built from the same tree so that it cannot leave a command out.
/// </summary>
internal sealed class IndexedHelpAction(HelpAction help) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        var exit = help.Invoke(parseResult);
        if (parseResult.CommandResult.Command is RootCommand root)
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Every command:");
            foreach (var line in Index(root))
            {
                output.WriteLine("  " + line);
            }

            output.WriteLine();
        }

        return exit;
    }

    /// <summary>One synopsis per command that runs something: its path, required options, arguments, and [options].</summary>
    public static IEnumerable<string> Index(RootCommand root)
    {
        var lines = new List<string>();
        Walk(root, "vexil", lines);
        return lines;
    }

    private static void Walk(Command command, string path, List<string> lines)
    {
        if (command.Subcommands.Count == 0)
        {
            lines.Add(Synopsis(command, path));
        }

        foreach (var subcommand in command.Subcommands)
        {
            if (!subcommand.Hidden)
            {
                Walk(subcommand, path + " " + subcommand.Name, lines);
            }
        }
    }

    private static string Synopsis(Command command, string path)
    {
        var text = new System.Text.StringBuilder(path);
        var optional = false;
        foreach (var option in command.Options)
        {
            if (option is HelpOption || option.Hidden)
            {
                continue;
            }

            if (option.Required)
            {
                text.Append(' ').Append(option.Name).Append(' ').Append(option.HelpName ?? option.Name.TrimStart('-').ToUpperInvariant());
            }
            else
            {
                optional = true;
            }
        }

        foreach (var argument in command.Arguments)
        {
            var name = argument.HelpName ?? argument.Name;
            text.Append(' ').Append(argument.Arity.MinimumNumberOfValues == 0 ? $"[{name}]" : name);
        }

        if (optional || command is RootCommand)
        {
            text.Append(" [options]");
        }

        return text.ToString();
    }
}
