using System.Diagnostics;
using Vexil.Cluster.Tests.Cluster;

namespace Vexil.Cluster.Tests.Upgrade;

/// <summary>
/// The previous release (deploy/previous-release, or <c>VEXIL_PREVIOUS_RELEASE</c>: a tag, branch or sha), built from
/// git next to the current tree by scripts/previous-release.sh: once per test process, and cached by sha across
/// processes. Fails (never skips) when the commit is not in the clone and cannot be fetched, or does not build.
/// </summary>
internal sealed record PreviousRelease(string Sha, string Folder)
{
    private static readonly Lazy<Task<PreviousRelease>> Built = new(BuildAsync);

    /// <summary>The previous release's vexil.dll (control plane and edge).</summary>
    public string ServerBuild => Path.Combine(Folder, "bin", "vexil.dll");

    /// <summary>tests/Vexil.SdkProbe built against the previous release's Vexil.Sdk.</summary>
    public string SdkProbe => Path.Combine(Folder, "sdk-probe", "Vexil.SdkProbe.dll");

    /// <summary>The previous release's source tree.</summary>
    public string Source => Path.Combine(Folder, "src");

    public string ShortSha => Sha[..7];

    public static Task<PreviousRelease> GetAsync() => Built.Value;

    private static async Task<PreviousRelease> BuildAsync()
    {
        var root = Path.GetFullPath(Path.Combine(ScriptRunner.ClusterDirectory, "..", ".."));
        var start = new ProcessStartInfo(Path.Combine(root, "scripts", "previous-release.sh"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        if (System.Environment.GetEnvironmentVariable("VEXIL_PREVIOUS_RELEASE") is { Length: > 0 } reference)
        {
            start.ArgumentList.Add(reference);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var bounded = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        await process.WaitForExitAsync(bounded.Token);
        var folder = (await stdout).Trim();
        if (process.ExitCode != 0 || !Directory.Exists(folder))
        {
            throw new InvalidOperationException($"scripts/previous-release.sh failed ({process.ExitCode}): {await stderr}");
        }

        var sha = (await File.ReadAllTextAsync(Path.Combine(folder, "complete"), CancellationToken.None)).Trim();
        return new PreviousRelease(sha, folder);
    }
}
