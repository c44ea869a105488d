using Vexil.Cli.CommandLine;
using Vexil.Server.Cli;

// One parser for every command: the client commands (Vexil.Cli.Commands) and the server roles (ServerCommands).
return await VexilCli.RunAsync(args, CliConsole.System(), root => ServerCommands.Add(root, args), CancellationToken.None);
