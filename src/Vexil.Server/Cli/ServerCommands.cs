using System.CommandLine;
using Vexil.Cli.CommandLine;
using Vexil.Server.Admin;
using Vexil.Server.Backup;

namespace Vexil.Server.Cli;

/// <summary>
/// The server executable's commands on the one <c>vexil</c> parser: the control plane (the root's own action), <c>edge</c>,
/// <c>serve</c>, <c>backup</c> and <c>admin reset-password</c>. Their options are declared for help and completion; every
/// token the parser does not know (<c>--Vexil:Setting=value</c>, <c>--urls</c>) is configuration, so each role receives
/// the arguments as they were typed.
/// </summary>
internal static class ServerCommands
{
    private const string Settings = "Any --Vexil:Setting=value (and --urls) is configuration, as are VEXIL__* variables and appsettings.json.";

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

        var edge = Role("edge", "Runs an edge: follows an upstream's stream, keeps a last-known-good copy, serves the delivery protocol downstream. " + Settings);
        edge.Options.Add(new Option<string>("--upstream") { Description = "The upstream control plane or edge (Vexil:Edge:Upstream)", HelpName = "URL" });
        edge.Options.Add(new Option<string>("--listen") { Description = "The address to listen on (Vexil:Listen; default http://127.0.0.1:5081)", HelpName = "URL" });
        edge.Options.Add(new Option<string>("--data") { Description = "The folder of the last-known-good copies (Vexil:Edge:DataDirectory)", HelpName = "DIR" });
        edge.Options.Add(new Option<string>("--keys-file") { Description = "The server keys of the environments to serve, one a line (Vexil:Edge:KeysFile)", HelpName = "FILE" });
        edge.Options.Add(Config());
        edge.SetAction((_, _) => ServerRole.RunAsync(["edge", .. Without(args, "edge")]));
        root.Subcommands.Add(edge);

        var serve = Role("serve", "Serves flagd flag files over OFREP (merged in order, later wins), reloading them when they change. " + Settings);
        serve.Options.Add(new Option<string[]>("--flags-file") { Description = "A flagd flag file; repeat for more", HelpName = "FILE" });
        serve.Options.Add(new Option<string>("--keys-file") { Description = "The SDK keys accepted, one a line (Vexil:Serve:KeysFile)", HelpName = "FILE" });
        serve.Options.Add(new Option<string>("--listen") { Description = "The address to listen on (Vexil:Listen)", HelpName = "URL" });
        serve.Options.Add(Config());
        serve.SetAction((_, _) => ServerRole.RunAsync(["serve", .. Without(args, "serve")]));
        root.Subcommands.Add(serve);

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

    private static Option<string> Config() => new("--config") { Description = "A JSON settings file (docs/configuration.md)", HelpName = "FILE" };

    private static Command Role(string name, string description) => new(name, description) { TreatUnmatchedTokensAsErrors = false };

    /// <summary>The arguments without the first occurrence of each command word, in order.</summary>
    private static string[] Without(string[] args, params string[] words)
    {
        var rest = new List<string>(args);
        foreach (var word in words)
        {
            rest.Remove(word);
        }

        return [.. rest];
    }
}
