using System.Diagnostics;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Edge.Aot;

/// <summary>
/// The Native AOT <c>vexil-edge</c>, published once per test run: <c>scripts/test.sh</c> publishes it before the tests
/// and names it in <c>VEXIL_AOT_EDGE</c>; without that, the first test that needs it publishes it into
/// <c>artifacts/vexil-edge</c> (a few minutes on two cores) and every later one reuses it.
/// </summary>
public static class AotEdgeBinary
{
    public const string Variable = "VEXIL_AOT_EDGE";

    private static readonly Lazy<Task<string>> Published = new(PublishAsync);

    public static Task<string> PathAsync() => Published.Value;

    private static async Task<string> PublishAsync()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given)
        {
            Assert.True(File.Exists(given), $"{Variable} names {given}, which does not exist");
            return given;
        }

        var root = ExternalTool.RepositoryRoot();
        var output = Path.Combine(root, "artifacts", "vexil-edge");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        foreach (var argument in (string[])["publish", "src/Vexil.Edge.Host", "-c", "Release", "-r", "linux-x64", "-o", output, "-nologo"])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"dotnet publish src/Vexil.Edge.Host failed:\n{await stdout}\n{await stderr}");
        return Path.Combine(output, "vexil-edge");
    }
}
