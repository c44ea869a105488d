using System.CommandLine;
using Vexil.Edge.Serve;
using Vexil.Hosting;

namespace Vexil.Edge.Cli;

/// <summary>
/// The <c>edge</c> and <c>serve</c> commands, defined once and added to both executables' parsers: <c>vexil</c> (every
/// role) and <c>vexil-edge</c> (the Native AOT edge). Their options are declared for help and completion; every token
/// the parser does not know (<c>--Vexil:Setting=value</c>, <c>--urls</c>) is configuration, so each role receives the
/// arguments as they were typed.
/// </summary>
internal static class EdgeCommands
{
    /// <summary>The sentence every role's help ends with.</summary>
    public const string Settings = "Any --Vexil:Setting=value (and --urls) is configuration, as are VEXIL__* variables and appsettings.json.";

    /// <summary>Adds <c>edge</c> and <c>serve</c> to <paramref name="root"/>; <paramref name="args"/> are the process's arguments.</summary>
    public static void Add(RootCommand root, string[] args)
    {
        var edge = Role("edge", "Runs an edge: follows an upstream's stream, keeps a last-known-good copy, serves the delivery protocol downstream. " + Settings);
        edge.Options.Add(new Option<string>("--upstream") { Description = "The upstream control plane or edge (Vexil:Edge:Upstream)", HelpName = "URL" });
        edge.Options.Add(new Option<string>("--listen") { Description = "The address to listen on (Vexil:Listen; default http://127.0.0.1:5081)", HelpName = "URL" });
        edge.Options.Add(new Option<string>("--data") { Description = "The folder of the last-known-good copies (Vexil:Edge:DataDirectory)", HelpName = "DIR" });
        edge.Options.Add(new Option<string>("--keys-file") { Description = "The server keys of the environments to serve, one a line (Vexil:Edge:KeysFile)", HelpName = "FILE" });
        edge.Options.Add(Config());
        edge.SetAction((_, _) => RoleHost.RunAsync(() => EdgeApp.Create(RoleHost.Without(args, "edge")), Console.Error));
        root.Subcommands.Add(edge);

        var serve = Role("serve", "Serves flagd flag files over OFREP (merged in order, later wins), reloading them when they change. " + Settings);
        serve.Options.Add(new Option<string[]>("--flags-file") { Description = "A flagd flag file; repeat for more", HelpName = "FILE" });
        serve.Options.Add(new Option<string>("--keys-file") { Description = "The SDK keys accepted, one a line (Vexil:Serve:KeysFile)", HelpName = "FILE" });
        serve.Options.Add(new Option<string>("--listen") { Description = "The address to listen on (Vexil:Listen)", HelpName = "URL" });
        serve.Options.Add(Config());
        serve.SetAction((_, _) => RoleHost.RunAsync(() => ServeApp.Create(RoleHost.Without(args, "serve")), Console.Error));
        root.Subcommands.Add(serve);
    }

    /// <summary><c>--config FILE</c>, which every role takes.</summary>
    public static Option<string> Config() => new("--config") { Description = "A JSON settings file (docs/configuration.md)", HelpName = "FILE" };

    /// <summary>A role's command: unknown tokens are its configuration, not errors.</summary>
    public static Command Role(string name, string description) => new(name, description) { TreatUnmatchedTokensAsErrors = false };
}
