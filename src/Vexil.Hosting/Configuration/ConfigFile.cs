using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace Vexil.Hosting.Configuration;

/// <summary>
/// <c>--config FILE</c> (or <c>VEXIL_CONFIG=FILE</c>): a JSON file of settings, the same keys as appsettings.json. It
/// ranks above appsettings.json and below environment variables and the command line, so one file per node can be
/// adjusted by either.
/// </summary>
internal static class ConfigFile
{
    public const string EnvironmentVariable = "VEXIL_CONFIG";

    /// <summary>Removes <c>--config FILE</c> / <c>--config=FILE</c> from the arguments; returns the rest and the file.</summary>
    public static (string[] Args, string? Path) Extract(string[] args)
    {
        var rest = new List<string>(args.Length);
        string? path = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--config" && i + 1 < args.Length)
            {
                path = args[++i];
            }
            else if (args[i].StartsWith("--config=", StringComparison.Ordinal))
            {
                path = args[i]["--config=".Length..];
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        return ([.. rest], path ?? NullIfEmpty(Environment.GetEnvironmentVariable(EnvironmentVariable)));
    }

    /// <summary>Adds the file to configuration, below environment variables and the command line.</summary>
    public static void Add(IConfigurationManager configuration, string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new ConfigurationException($"The configuration file '{full}' (--config or VEXIL_CONFIG) does not exist.");
        }

        var file = new ConfigurationBuilder().AddJsonFile(full, optional: false, reloadOnChange: false).Sources[0];
        var sources = configuration.Sources;
        var index = 0;
        while (index < sources.Count && !(sources[index] is EnvironmentVariablesConfigurationSource { Prefix: null or "" }))
        {
            index++;
        }

        sources.Insert(index, file);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
