using System.Net.Http.Headers;
using System.Reflection;

namespace Vexil.Hosting;

/// <summary>
/// The version of this <c>vexil</c>, from the assembly's informational version: <c>VersionPrefix</c> in
/// Directory.Build.props (the one place a release sets it) and, after <c>+</c>, the commit it was built from.
/// </summary>
internal static class VexilVersion
{
    /// <summary>The version with its commit (<c>0.1.0+2f1c…</c>), as <c>vexil --version</c> prints it.</summary>
    public static string Informational { get; } =
        typeof(VexilVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(VexilVersion).Assembly.GetName().Version?.ToString(3)
        ?? "0.0.0";

    /// <summary>The version without its build metadata (<c>0.1.0</c>), as user agents carry it.</summary>
    public static string Value { get; } = Informational.Split('+')[0];

    /// <summary>The user agent of a <c>vexil</c> role talking to another node: <c>vexil-edge/0.1.0</c>, <c>vexil-cli/0.1.0</c>.</summary>
    public static ProductInfoHeaderValue UserAgent(string role) => new($"vexil-{role}", Value);
}
