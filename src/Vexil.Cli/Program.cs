using Vexil.Cli.CommandLine;

// The client half of the vexil executable: the same parser and commands, without the server roles.
return await VexilCli.RunAsync(args, CliConsole.System(), server: null, CancellationToken.None);
