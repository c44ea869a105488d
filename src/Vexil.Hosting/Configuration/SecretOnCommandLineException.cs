namespace Vexil.Hosting.Configuration;

/// <summary>A secret was given on the command line, where every user of the machine can read it (<c>ps</c>, <c>/proc</c>).</summary>
internal sealed class SecretOnCommandLineException(string setting)
    : ConfigurationException(
        $"'{setting}' is a secret and must not be given on the command line (any user can read it with ps). " +
        $"Put it in the configuration file (--config), an environment variable ({setting.Replace(":", "__", StringComparison.Ordinal)}) " +
        "or a file named by the matching *File setting (e.g. Vexil:AdminPasswordFile).")
{
    public string Setting { get; } = setting;
}
