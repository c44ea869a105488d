using System.Diagnostics;
using System.Globalization;

namespace Vexil.Cluster.Tests.Cluster;

/// <summary>
/// node.sh's process control, on a copy of the script in a folder of its own (its own run/), with a stand-in vexil
/// build: a node whose pid file names a killed process that nobody reaped yet (a zombie), or a pid the kernel gave to
/// another process since, is not running, so <c>start</c> starts it; <c>kill</c> returns only once the process is dead.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class NodeScriptTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vexil-node-sh-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly List<Process> _processes = [];

    public NodeScriptTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "run"));
        foreach (var file in new[] { "node.sh", "cluster.env", "cp1.json" })
        {
            File.Copy(Path.Combine(ScriptRunner.ClusterDirectory, file), Path.Combine(_dir, file));
        }

        // The stand-in build writes its arguments and sleeps: enough for start, pid, kill and stop.
        File.WriteAllText(FakeBuild, "#!/bin/sh\necho \"$@\" > \"$(dirname \"$0\")/run/args\"\nexec sleep 120\n");
        File.SetUnixFileMode(FakeBuild, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private string FakeBuild => Path.Combine(_dir, "vexil");

    private string PidFile => Path.Combine(_dir, "run", "cp1.pid");

    [Fact(Timeout = 30_000)]
    public async Task Start_WhenThePidFileNamesAKilledButUnreapedProcess_StartsTheNode()
    {
        // A child of a process that never waits: once SIGKILLed it stays a zombie, as a node killed by node.sh kill
        // does until its parent reaps it.
        var holder = Spawn("sh", "-c", "sleep 120 & echo $! > run/zombie; exec sleep 120");
        var zombie = await ReadPidAsync(Path.Combine(_dir, "run", "zombie"));
        Assert.Equal(0, await RunAsync("kill", "-KILL", zombie.ToString(CultureInfo.InvariantCulture)));
        await WaitForStateAsync(zombie, 'Z');
        await File.WriteAllTextAsync(PidFile, zombie.ToString(CultureInfo.InvariantCulture), TestContext.Current.CancellationToken);

        var (code, output) = await NodeShAsync("start-nowait", "cp1", "--build", FakeBuild);

        Assert.Equal(0, code);
        Assert.DoesNotContain("already running", output, StringComparison.Ordinal);
        var started = await ReadPidAsync(PidFile);
        Assert.NotEqual(zombie, started);
        Assert.True(State(started) is 'S' or 'R', $"the new process {started} is {State(started)}");
        Assert.False(holder.HasExited);
    }

    [Fact(Timeout = 30_000)]
    public async Task Start_WhenThePidFileNamesAPidNowUsedByAnotherProcess_StartsTheNode()
    {
        // The pid file of a node that died long ago, whose pid the kernel gave to an unrelated process since.
        var other = Spawn("sleep", "120");
        await File.WriteAllTextAsync(PidFile, $"{other.Id} 1", TestContext.Current.CancellationToken);

        var (code, output) = await NodeShAsync("start-nowait", "cp1", "--build", FakeBuild);

        Assert.Equal(0, code);
        Assert.DoesNotContain("already running", output, StringComparison.Ordinal);
        Assert.NotEqual(other.Id, await ReadPidAsync(PidFile));
    }

    [Fact(Timeout = 30_000)]
    public async Task KillThenStart_AtOnce_StartsANewProcessOfTheGivenBuild()
    {
        Assert.Equal(0, (await NodeShAsync("start-nowait", "cp1", "--build", FakeBuild)).Code);
        TestContext.Current.CancellationToken.ThrowIfCancellationRequested();
        var first = await ReadPidAsync(PidFile);
        Assert.Equal(first.ToString(CultureInfo.InvariantCulture), (await NodeShAsync("pid", "cp1")).Output.Trim());

        Assert.Equal(0, (await NodeShAsync("kill", "cp1")).Code);
        Assert.True(State(first) is null or 'Z', $"pid {first} is still {State(first)} after node.sh kill returned");
        Assert.Equal(string.Empty, (await NodeShAsync("pid", "cp1")).Output.Trim());
        var (code, output) = await NodeShAsync("start-nowait", "cp1", "--build", _dir);

        Assert.Equal(0, code);
        Assert.DoesNotContain("already running", output, StringComparison.Ordinal);
        var second = await ReadPidAsync(PidFile);
        Assert.NotEqual(first, second);
        Assert.Equal(FakeBuild, (await NodeShAsync("build", "cp1")).Output.Trim());
        Assert.Equal("--config cp1.json", (await File.ReadAllTextAsync(Path.Combine(_dir, "run", "args"), TestContext.Current.CancellationToken)).Trim());
        Assert.Equal(0, (await NodeShAsync("stop", "cp1")).Code);
        Assert.True(State(second) is null or 'Z');
    }

    [Fact(Timeout = 30_000)]
    public async Task Start_WithABuildThatDoesNotExist_FailsAndStartsNothing()
    {
        var (code, output) = await NodeShAsync("start-nowait", "cp1", "--build", Path.Combine(_dir, "missing"));
        TestContext.Current.CancellationToken.ThrowIfCancellationRequested();

        Assert.NotEqual(0, code);
        Assert.Contains("no vexil build at", output, StringComparison.Ordinal);
        Assert.False(File.Exists(PidFile));
    }

    public void Dispose()
    {
        if (File.Exists(PidFile) && int.TryParse(File.ReadAllText(PidFile).Split(' ')[0], CultureInfo.InvariantCulture, out var pid) && State(pid) is not null)
        {
            try
            {
                Process.GetProcessById(pid).Kill();
            }
            catch (ArgumentException)
            {
            }
        }

        foreach (var process in _processes)
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
        }

        Directory.Delete(_dir, recursive: true);
    }

    private Process Spawn(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = _dir };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        _processes.Add(process);
        return process;
    }

    private Task<(int Code, string Output)> NodeShAsync(params string[] arguments) =>
        RunWithOutputAsync(Path.Combine(_dir, "node.sh"), arguments);

    private async Task<int> RunAsync(string file, params string[] arguments) => (await RunWithOutputAsync(file, arguments)).Code;

    private async Task<(int Code, string Output)> RunWithOutputAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = _dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("VEXIL_BUILD");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static async Task<int> ReadPidAsync(string file)
    {
        for (var i = 0; i < 100; i++)
        {
            if (File.Exists(file) && int.TryParse((await File.ReadAllTextAsync(file)).Trim().Split(' ')[0], CultureInfo.InvariantCulture, out var pid))
            {
                return pid;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"no pid in {file}");
    }

    private static async Task WaitForStateAsync(int pid, char state)
    {
        for (var i = 0; i < 100 && State(pid) != state; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(state, State(pid));
    }

    /// <summary>The state letter of /proc/PID/stat, or null when there is no such process.</summary>
    private static char? State(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2];
        }
        catch (IOException)
        {
            return null;
        }
    }
}
