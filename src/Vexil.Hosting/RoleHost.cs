using Microsoft.AspNetCore.Connections;
using Vexil.Hosting.Configuration;

namespace Vexil.Hosting;

/// <summary>Runs one server role's web application until it stops, with the exit codes every role shares.</summary>
internal static class RoleHost
{
    /// <summary>A setting refused at start (a precise message, no stack trace).</summary>
    public const int BadConfiguration = 2;

    /// <summary>The address is taken by another process.</summary>
    public const int AddressInUse = 3;

    /// <summary>
    /// Builds the role's application with <paramref name="create"/> and runs it; returns the exit code. A failure to
    /// start is one sentence on <paramref name="error"/> naming what to do.
    /// </summary>
    public static async Task<int> RunAsync(Func<WebApplication> create, TextWriter error, bool controlPlane = false)
    {
        WebApplication app;
        try
        {
            app = create();
        }
        catch (ConfigurationException e)
        {
            await error.WriteLineAsync($"vexil: {e.Message}");
            return BadConfiguration;
        }

        var listen = app.Configuration[ListenAddress.VexilListen]; // read now: the services are gone once a failed start returns
        try
        {
            await app.RunAsync();
        }
        catch (IOException e) when (e.InnerException is AddressInUseException)
        {
            await error.WriteLineAsync($"vexil: {ListenFailure.Describe(listen, e, controlPlane)}");
            return AddressInUse;
        }

        return 0;
    }

    /// <summary>The arguments without the first occurrence of each command word, in order.</summary>
    public static string[] Without(string[] args, params string[] words)
    {
        var rest = new List<string>(args);
        foreach (var word in words)
        {
            rest.Remove(word);
        }

        return [.. rest];
    }
}
