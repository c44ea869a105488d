using System.Diagnostics;
using System.Reflection;

namespace Vexil.Cluster.Tests.Cluster;

/// <summary>
/// Runs deploy/cluster's scripts (bounded in time, output kept for failure messages) for one cluster, whose ports are
/// the default ones shifted by <paramref name="portOffset"/> (<c>VEXIL_CLUSTER_PORT_OFFSET</c>), running the vexil built
/// beside the tests or <paramref name="build"/> (<c>VEXIL_BUILD</c>: another release's vexil.dll).
/// </summary>
public sealed class ScriptRunner(int portOffset, string? build = null)
{
    public int PortOffset { get; } = portOffset;

    /// <summary>The vexil built beside the tests (the code under test).</summary>
    public static string CurrentBuild { get; } = Path.Combine(AppContext.BaseDirectory, "vexil.dll");

    /// <summary>deploy/cluster in the source tree (the scripts run in place).</summary>
    public static string ClusterDirectory { get; } = typeof(ScriptRunner).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ClusterDirectory").Value!;

    /// <summary>Runs a script; throws with its output when it fails or takes longer than <paramref name="timeout"/>.</summary>
    public async Task<string> RunAsync(string script, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Path.Combine(ClusterDirectory, script))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = ClusterDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The vexil built beside the tests, so the cluster runs the code under test without publishing it again.
        start.Environment["VEXIL_DLL"] = CurrentBuild;
        start.Environment["VEXIL_BUILD"] = build ?? string.Empty;
        start.Environment["VEXIL_CLUSTER_PORT_OFFSET"] = PortOffset.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(bounded.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} {string.Join(' ', arguments)} took longer than {timeout}: {await stdout}{await stderr}");
        }

        var output = await stdout + await stderr;
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"{script} {string.Join(' ', arguments)} failed ({process.ExitCode}): {output}");
    }
}
