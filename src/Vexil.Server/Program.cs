using Vexil.Cli.CommandLine;
using Vexil.Server.Cli;

// The server's version with its commit (the parser's own --version would print only the number).
if (args is ["--version"] or ["version"])
{
    await Console.Out.WriteLineAsync($"vexil {VexilVersion.Informational}");
    return 0;
}

// One parser for every command: the client commands (Vexil.Cli.Commands) and the server roles (ServerCommands).
return await VexilCli.RunAsync(args, CliConsole.System(), root => ServerCommands.Add(root, args), CancellationToken.None);
