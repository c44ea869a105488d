namespace Vexil.Cli.CommandLine;

/// <summary>Where a CLI run reads and writes: the process's console, or a test's buffers.</summary>
/// <param name="Out">Standard output: results only.</param>
/// <param name="Error">Standard error: errors and progress.</param>
/// <param name="In">Standard input (the token for <c>vexil login</c>).</param>
/// <param name="Variable">Reads an environment variable.</param>
/// <param name="ConfigPath">The configuration file (URL and token).</param>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, TextReader In, Func<string, string?> Variable, string ConfigPath)
{
    /// <summary>The process's console; the configuration file is <c>$VEXIL_CONFIG</c>, else <c>$XDG_CONFIG_HOME/vexil/config.json</c>, else <c>~/.config/vexil/config.json</c>.</summary>
    public static CliConsole System()
    {
        var path = Environment.GetEnvironmentVariable("VEXIL_CONFIG");
        if (string.IsNullOrEmpty(path))
        {
            var home = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
            if (string.IsNullOrEmpty(home))
            {
                home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
            }

            path = Path.Combine(home, "vexil", "config.json");
        }

        return new CliConsole(Console.Out, Console.Error, Console.In, Environment.GetEnvironmentVariable, path);
    }
}
