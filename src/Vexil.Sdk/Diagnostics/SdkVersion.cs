using System.Reflection;

namespace Vexil.Sdk.Diagnostics;

/// <summary>
/// The SDK's version, from the assembly's informational version, which the build takes from <c>VersionPrefix</c> in
/// Directory.Build.props (the one place a release sets it) and to which SourceLink appends <c>+commit</c>.
/// </summary>
internal static class SdkVersion
{
    /// <summary>The version without its build metadata (<c>0.1.0</c>, <c>0.2.0-rc.1</c>).</summary>
    public static string Value { get; } = Read(typeof(SdkVersion).Assembly);

    /// <summary>The informational version of <paramref name="assembly"/> without <c>+commit</c>.</summary>
    public static string Read(Assembly assembly)
    {
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString(3)
            ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational[..plus];
    }
}
