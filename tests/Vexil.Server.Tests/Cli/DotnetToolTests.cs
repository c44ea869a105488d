using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Cli;

/// <summary>The client as a dotnet tool: src/Vexil.Cli packs as Vexil.Cli with the command 'vexil', installable without the server.</summary>
public sealed class DotnetToolTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vexil-tool-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact(Timeout = 300_000)]
    public async Task ThePackedTool_Installs_AndRunsTheClientCommands_WithoutTheServer()
    {
        var project = Path.Combine(ExternalTool.RepositoryRoot(), "src", "Vexil.Cli", "Vexil.Cli.csproj");
        var packages = Path.Combine(_root, "packages");
        var tools = Path.Combine(_root, "tools");
        var version = "0.0.0-test." + Guid.NewGuid().ToString("N")[..12];
        // Its own package cache: the test leaves nothing behind and never installs a stale copy of the same version.
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_root, "cache"), ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" };

        // Not a reference of this test project: the tool's assembly is also called vexil, and its runtimeconfig (no
        // ASP.NET Core) would overwrite the server's here. Packing builds it if the solution build has not.
        var pack = await ExternalTool.RunAsync("dotnet", ["pack", project, "-c", "Release", "-o", packages, $"-p:PackageVersion={version}"], _root, environment);
        Assert.True(pack.ExitCode == 0, pack.All);
        var install = await ExternalTool.RunAsync("dotnet", ["tool", "install", "--tool-path", tools, "--add-source", packages, "--version", version, "Vexil.Cli"], _root, environment);
        Assert.True(install.ExitCode == 0, install.All);

        var vexil = Path.Combine(tools, OperatingSystem.IsWindows() ? "vexil.exe" : "vexil");
        var help = await ExternalTool.RunAsync(vexil, ["--help"], _root, environment);
        var usage = await ExternalTool.RunAsync(vexil, ["flags", "list"], _root, environment);
        var server = await ExternalTool.RunAsync(vexil, ["serve", "--flags-file", "flags.json"], _root, environment);

        Assert.True(help.ExitCode == 0, help.All);
        Assert.Contains("vexil flags toggle --project P --env E KEY STATE [options]", help.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("vexil backup", help.Output, StringComparison.Ordinal);
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("Option '--project' is required.", usage.Error, StringComparison.Ordinal);
        Assert.Equal(2, server.ExitCode); // the server roles are the server build's, not the tool's
        var files = Directory.GetFiles(Path.Combine(tools, ".store"), "*.dll", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
        Assert.Contains("Vexil.Cli.Commands.dll", files);
        Assert.DoesNotContain("Npgsql.dll", files);
    }
}
