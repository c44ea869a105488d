using Vexil.Server.Hosting;
using Vexil.Server.Storage.Migrations;

namespace Vexil.Server.Cli;

/// <summary>Runs the control plane until it stops (<c>edge</c> and <c>serve</c> run from <see cref="Vexil.Edge.Cli.EdgeCommands"/>).</summary>
internal static class ServerRole
{
    /// <summary>An applied migration whose file changed.</summary>
    public const int ChangedMigration = 4;

    /// <summary>Builds the control plane from the arguments as typed (a connection string and settings) and runs it; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            return await RoleHost.RunAsync(() => VexilApp.Create(args), Console.Error, controlPlane: true);
        }
        catch (MigrationChecksumException e)
        {
            // The message says which and what to do; no stack trace.
            await Console.Error.WriteLineAsync($"vexil: {e.Message}");
            return ChangedMigration;
        }
    }
}
