using System.Net.Http.Headers;
using System.Reflection;

namespace Vexil.Cli.Api;

/// <summary>
/// The CLI's version, from its assembly's informational version: <c>VersionPrefix</c> in Directory.Build.props, the
/// one place a release sets it (the same as the server's), without the commit.
/// </summary>
internal static class CliVersion
{
    public static string Value { get; } =
        (typeof(CliVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    /// <summary><c>vexil-cli/0.1.0</c>: what the CLI tells the servers and providers it talks to.</summary>
    public static ProductInfoHeaderValue UserAgent { get; } = new("vexil-cli", Value);
}
