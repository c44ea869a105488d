using System.Data.Common;

namespace Vexil.Hosting.Configuration;

/// <summary>
/// The settings that are secrets. None may come from the command line; each may come from the configuration file, the
/// environment, or a file named by the same key with <c>File</c> appended (<c>Vexil:AdminPasswordFile</c>), which is
/// how systemd credentials (<c>LoadCredential=</c>) and container secrets are read.
/// </summary>
internal static class SecretSettings
{
    /// <summary>Secrets with a <c>…File</c> twin that holds the value (trailing newlines removed).</summary>
    public static readonly IReadOnlyList<string> WithFile =
    [
        "Vexil:AdminPassword",
        "Vexil:PostgresPassword",
        "Vexil:EventsNatsPassword",
        "Vexil:EventsNatsToken",
        "Vexil:Tls:KeyPassword",
        "Vexil:WebhookSecretKey",
        "Vexil:Metrics:Token",
    ];

    /// <summary>Secrets that are lists (each element is a secret); their files are <c>Vexil:Edge:KeysFile</c> and <c>Vexil:Serve:KeysFile</c>.</summary>
    private static readonly string[] SecretLists = ["Vexil:Edge:Keys", "Vexil:Serve:Keys"];

    /// <summary>Throws <see cref="SecretOnCommandLineException"/> when the command line carries a secret.</summary>
    public static void EnsureNoneOnCommandLine(string[] args)
    {
        var commandLine = new ConfigurationBuilder().AddCommandLine(args).Build();
        foreach (var (key, value) in commandLine.AsEnumerable())
        {
            if (value is null)
            {
                continue;
            }

            if (IsSecret(key) || (IsKey(key, "Vexil:Postgres") && HasPassword(value)))
            {
                throw new SecretOnCommandLineException(key);
            }
        }
    }

    /// <summary>Reads each secret's <c>…File</c> (when the secret itself is not set) into configuration.</summary>
    public static void ReadFiles(IConfigurationManager configuration)
    {
        var read = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in WithFile)
        {
            var file = configuration[key + "File"];
            if (string.IsNullOrWhiteSpace(file) || !string.IsNullOrEmpty(configuration[key]))
            {
                continue;
            }

            try
            {
                read[key] = File.ReadAllText(file).TrimEnd('\r', '\n');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ConfigurationException($"Cannot read {key}File '{file}': {e.Message}", e);
            }
        }

        if (read.Count > 0)
        {
            configuration.AddInMemoryCollection(read);
        }
    }

    private static bool IsSecret(string key)
    {
        foreach (var secret in WithFile)
        {
            if (IsKey(key, secret))
            {
                return true;
            }
        }

        foreach (var list in SecretLists)
        {
            if (IsKey(key, list) || key.StartsWith(list + ":", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsKey(string key, string name) => string.Equals(key, name, StringComparison.OrdinalIgnoreCase);

    private static bool HasPassword(string connectionString)
    {
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
            foreach (string key in builder.Keys)
            {
                if (key.EndsWith("password", StringComparison.OrdinalIgnoreCase) || key.EndsWith("pwd", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }
        catch (ArgumentException)
        {
            // Not a connection string we can read: refuse rather than risk a password on argv.
            return connectionString.Contains("password", StringComparison.OrdinalIgnoreCase);
        }
    }
}
