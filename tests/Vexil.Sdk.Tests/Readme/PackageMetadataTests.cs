using System.Reflection;
using System.Text.RegularExpressions;

namespace Vexil.Sdk.Tests.Readme;

/// <summary>The packed assemblies carry the repository's version and the commit they were built from (git + SourceLink).</summary>
public sealed class PackageMetadataTests
{
    [Theory]
    [InlineData(typeof(VexilClient))]
    [InlineData(typeof(Vexil.Core.Context.EvaluationContext))]
    [InlineData(typeof(Vexil.Sdk.AspNetCore.HealthChecks.VexilHealthCheck))]
    public void PackedAssemblies_HaveTheVersion_AndTheCommit(Type type)
    {
        var assembly = type.Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        Assert.NotEqual(new Version(1, 0, 0, 0), assembly.GetName().Version); // the SDK's default: no version was set
        Assert.Matches(new Regex("^[0-9]+\\.[0-9]+\\.[0-9]+(-[0-9A-Za-z.-]+)?\\+[0-9a-f]{40}$"), informational);
    }
}
