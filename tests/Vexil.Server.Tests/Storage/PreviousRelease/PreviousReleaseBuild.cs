using System.Diagnostics;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Storage.PreviousRelease;

/// <summary>
/// The previous release (deploy/previous-release, or <c>VEXIL_PREVIOUS_RELEASE</c>: a tag, branch or sha) as
/// scripts/previous-release.sh builds it: once per test process, cached by sha and probe sources across processes (the
/// upgrade test of tests/Vexil.Cluster.Tests shares the cache). Fails, never skips, when the commit is not in the clone
/// and cannot be fetched, or does not build.
/// </summary>
internal sealed record PreviousReleaseBuild(string Sha, string Folder)
{
    private static readonly Lazy<Task<PreviousReleaseBuild>> Built = new(BuildAsync);

    /// <summary>The previous release's source tree.</summary>
    public string Source => Path.Combine(Folder, "src");

    /// <summary>tests/Vexil.StoreContractProbe built in the previous release's tree: that release's store contract tests.</summary>
    public string StoreContractProbe => Path.Combine(Folder, "store-contract", "Vexil.Server.Tests.dll");

    public static Task<PreviousReleaseBuild> GetAsync() => Built.Value;

    private static async Task<PreviousReleaseBuild> BuildAsync()
    {
        var root = ExternalTool.RepositoryRoot();
        var start = new ProcessStartInfo(Path.Combine(root, "scripts", "previous-release.sh"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        if (Environment.GetEnvironmentVariable("VEXIL_PREVIOUS_RELEASE") is { Length: > 0 } reference)
        {
            start.ArgumentList.Add(reference);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var bounded = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        try
        {
            await process.WaitForExitAsync(bounded.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"scripts/previous-release.sh did not finish within 15 minutes: {await stderr}");
        }

        var folder = (await stdout).Trim();
        if (process.ExitCode != 0 || !Directory.Exists(folder))
        {
            throw new InvalidOperationException($"scripts/previous-release.sh failed ({process.ExitCode}): {await stderr}");
        }

        var sha = (await File.ReadAllTextAsync(Path.Combine(folder, "complete"), CancellationToken.None)).Trim();
        return new PreviousReleaseBuild(sha, folder);
    }
}
