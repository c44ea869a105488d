using Vexil.Server.Hosting;
using Vexil.Server.Hosting.Configuration;
using Vexil.Server.Storage.Migrations;

namespace Vexil.Server.Cli;

/// <summary>Runs one of the executable's server roles (control plane, <c>edge</c>, <c>serve</c>) until it stops.</summary>
internal static class ServerRole
{
    /// <summary>Builds the role's web application from the arguments as typed and runs it; returns the exit code.</summary>
    /// <param name="args">The role's arguments: <c>edge …</c>, <c>serve …</c>, or the control plane's (a connection string and settings).</param>
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = VexilApp.Create(args);
        }
        catch (ConfigurationException e)
        {
            await Console.Error.WriteLineAsync($"vexil: {e.Message}");
            return 2;
        }

        var listen = app.Configuration["Vexil:Listen"]; // read now: the services are gone once a failed start returns
        try
        {
            await app.RunAsync();
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            await Console.Error.WriteLineAsync($"vexil: {ListenFailure.Describe(listen, e, controlPlane: args is not ["edge" or "serve", ..])}");
            return 3;
        }
        catch (MigrationChecksumException e)
        {
            // An applied migration whose file changed: the message says which and what to do; no stack trace.
            await Console.Error.WriteLineAsync($"vexil: {e.Message}");
            return 4;
        }

        return 0;
    }
}
