using System.CommandLine;
using Vexil.Cli.CommandLine;
using Vexil.Edge.Cli;
using Vexil.Server.Admin;
using Vexil.Server.Backup;

namespace Vexil.Server.Cli;

/// <summary>
/// The server executable's commands on the one <c>vexil</c> parser, the one place its roles are dispatched: the control
/// plane (the root's own action), <c>edge</c> and <c>serve</c> (<see cref="EdgeCommands"/>, shared with <c>vexil-edge</c>),
/// <c>backup</c> and <c>admin reset-password</c>. Their options are declared for help and completion; every
/// token the parser does not know (<c>--Vexil:Setting=value</c>, <c>--urls</c>) is configuration, so each role receives
/// the arguments as they were typed.
/// </summary>
internal static class ServerCommands
{
    private const string Settings = EdgeCommands.Settings;

    /// <summary>Adds the server roles to <paramref name="root"/>; <paramref name="args"/> are the process's arguments.</summary>
    public static void Add(RootCommand root, string[] args)
    {
        // The connection string stays an unmatched token (an argument here would show in every subcommand's usage).
        root.Description += "\n\n" + """
            Server (this executable):
              vexil [POSTGRES-CONNECTION-STRING] [--Vexil:Setting=value ...]   the control plane (SQLite in ./data by default)
              vexil edge --upstream URL                                        an edge
              vexil serve --flags-file FILE                                    serve flagd files over OFREP
            """ + "\n" + Settings;
        root.Options.Add(Config());
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction((_, _) =>
        {
            // A first word that is neither an option nor a connection string is a mistyped command, not a database.
            if (args is [{ } first, ..] && !first.StartsWith('-') && !first.Contains('=', StringComparison.Ordinal) && !first.Contains("://", StringComparison.Ordinal))
            {
                throw CliException.Usage($"unknown command '{first}'");
            }

            return ServerRole.RunAsync(args);
        });

        EdgeCommands.Add(root, args);

        var backup = Role(BackupCommand.Name, "An online backup of the data folder's SQLite files while vexil runs (a PostgreSQL store is backed up with pg_dump). " + Settings);
        backup.Options.Add(new Option<string>("--out") { Description = "The folder to write the backup to", HelpName = "FOLDER", Required = true });
        backup.SetAction((_, cancellationToken) => BackupCommand.RunAsync(Without(args, BackupCommand.Name), Console.Out, Console.Error, cancellationToken));
        root.Subcommands.Add(backup);

        var reset = Role("reset-password", "Gives an account a new password (generated and printed once, or read from a file; never from the command line), creating the administrator if it is missing, and signs out its sessions. Works while the server runs. " + Settings);
        reset.Options.Add(new Option<string>("--username") { Description = "The account (default: Vexil:AdminUsername)", HelpName = "NAME" });
        reset.Options.Add(new Option<string>("--password-file") { Description = "Read the new password from this file", HelpName = "FILE" });
        reset.Options.Add(Config());
        reset.SetAction((_, cancellationToken) => ResetPasswordCommand.RunAsync(Without(args, "admin", "reset-password"), Console.Out, Console.Error, cancellationToken));
        root.Subcommands.Add(VexilCli.Group("admin", "Administration of the local store", reset));
    }

    private static Option<string> Config() => EdgeCommands.Config();

    private static Command Role(string name, string description) => EdgeCommands.Role(name, description);

    private static string[] Without(string[] args, params string[] words) => RoleHost.Without(args, words);
}
