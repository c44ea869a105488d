using System.Diagnostics;
using System.Xml.Linq;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Hosting;

/// <summary>
/// <c>vexil --version</c> and the user agents of the edge and the CLI say the version from the one place a release
/// sets it (<c>VersionPrefix</c> in Directory.Build.props); <c>--version</c> adds the commit it was built from.
/// </summary>
public sealed class VexilVersionTests
{
    private static readonly XDocument Props = XDocument.Load(Path.Combine(ExternalTool.RepositoryRoot(), "Directory.Build.props"));

    /// <summary>VersionPrefix, and -VersionSuffix for a pre-release (scripts/release.sh sets both).</summary>
    private static readonly string Prefix = Assert.Single(Props.Descendants("VersionPrefix")).Value.Trim()
        + (Props.Descendants("VersionSuffix").SingleOrDefault()?.Value.Trim() is { Length: > 0 } suffix ? "-" + suffix : string.Empty);

    [Fact(Timeout = 60_000)]
    public async Task VersionOption_PrintsTheVersionAndTheCommit()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "vexil.dll"));
        start.ArgumentList.Add("--version");
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, process.ExitCode);
        Assert.Matches($"^vexil {System.Text.RegularExpressions.Regex.Escape(Prefix)}\\+[0-9a-f]{{40}}\n$", output);
    }

    [Theory]
    [InlineData("edge")]
    [InlineData("cli")]
    public void UserAgent_CarriesTheVersionPrefix(string role) =>
        Assert.Equal($"vexil-{role}/{Prefix}", VexilVersion.UserAgent(role).ToString());
}
