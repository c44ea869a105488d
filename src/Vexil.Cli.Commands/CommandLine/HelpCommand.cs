using System.CommandLine;

namespace Vexil.Cli.CommandLine;

/// <summary><c>vexil help [COMMAND ...]</c>: the generated help of the whole tree or of one command.</summary>
internal static class HelpCommand
{
    public static Command Create(RootCommand root, CliConsole console)
    {
        var topic = new Argument<string[]>("COMMAND") { Description = "The command to explain, e.g. 'flags toggle'", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("help", "Shows the help of every command, or of one") { topic };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var words = parse.GetValue(topic) ?? [];
            Command current = root;
            foreach (var word in words)
            {
                current = current.Subcommands.FirstOrDefault(c => c.Name == word || c.Aliases.Contains(word))
                    ?? throw CliException.Usage($"no command '{string.Join(' ', words)}'");
            }

            return await root.Parse([.. words, "--help"]).InvokeAsync(VexilCli.Invocation(console), cancellationToken);
        });
        return command;
    }
}
