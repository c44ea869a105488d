using System.Diagnostics;
using System.Globalization;
using Vexil.Cluster.Tests.Faults;

namespace Vexil.Cluster.Tests.Upgrade;

/// <summary>
/// An SDK client in a process of its own: tests/Vexil.SdkProbe as built against some release's Vexil.Sdk (the
/// previous release's, for the upgrade test), streaming from one address and evaluating in a loop; its status lines
/// ("status EVALUATIONS FAILURES BACKWARDS VERSION MAX_MICROSECONDS") are what the invariants read.
/// </summary>
internal sealed class ProbeClient : IEvaluatingClient, IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _lines = [];
    private long _evaluations;
    private long _failures;
    private long _version;
    private long _maxMicroseconds;
    private long _abnormalExit;
    private long _stopping;

    private ProbeClient(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public long Version => Interlocked.Read(ref _version);

    public long EvaluationCount => Interlocked.Read(ref _evaluations);

    /// <summary>Failed or backward evaluations, plus one when the probe ended other than by being asked to stop.</summary>
    public long FailureCount => Interlocked.Read(ref _failures) + Interlocked.Read(ref _abnormalExit);

    public TimeSpan MaxEvaluation => TimeSpan.FromMicroseconds(Interlocked.Read(ref _maxMicroseconds));

    /// <summary>Starts <c>dotnet <paramref name="probe"/> ADDRESS KEY FLAGS</c>; does not wait.</summary>
    public static ProbeClient Start(string name, string probe, Uri address, string key, IReadOnlyList<string> flags)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in new[] { probe, address.ToString(), key, string.Join(',', flags) })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_gcServer"] = "0";
        var client = new ProbeClient(name, new Process { StartInfo = start });
        client._process.OutputDataReceived += (_, e) => client.Read(e.Data);
        client._process.ErrorDataReceived += (_, e) => client.Read(e.Data);
        client._process.EnableRaisingEvents = true;
        client._process.Exited += (_, _) => client.Exited();
        client._process.Start();
        client._process.BeginOutputReadLine();
        client._process.BeginErrorReadLine();
        return client;
    }

    /// <summary>Waits until the probe says it is initialised (holds a ruleset); false after 90 s or when it ended.</summary>
    public async Task<bool> WaitForInitializationAsync(CancellationToken cancellationToken)
    {
        var exited = _process.WaitForExitAsync(cancellationToken);
        var first = await Task.WhenAny(_ready.Task, exited, Task.Delay(TimeSpan.FromSeconds(90), cancellationToken));
        return first == _ready.Task;
    }

    /// <summary>What the probe printed (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines.TakeLast(20));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _stopping, 1);
        if (!_process.HasExited)
        {
            try
            {
                await _process.StandardInput.WriteLineAsync("stop");
                await _process.StandardInput.FlushAsync();
            }
            catch (IOException)
            {
            }

            using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(bounded.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }

        _process.Dispose();
    }

    private void Exited()
    {
        if (Interlocked.Read(ref _stopping) == 0)
        {
            Interlocked.Exchange(ref _abnormalExit, 1);
        }
    }

    private void Read(string? line)
    {
        if (line is null)
        {
            return;
        }

        var parts = line.Split(' ');
        if (parts is ["status", var evaluations, var failures, var backwards, var version, var max])
        {
            Interlocked.Exchange(ref _evaluations, long.Parse(evaluations, CultureInfo.InvariantCulture));
            Interlocked.Exchange(ref _failures, long.Parse(failures, CultureInfo.InvariantCulture) + long.Parse(backwards, CultureInfo.InvariantCulture));
            Interlocked.Exchange(ref _version, long.Parse(version, CultureInfo.InvariantCulture));
            Interlocked.Exchange(ref _maxMicroseconds, long.Parse(max, CultureInfo.InvariantCulture));
            return;
        }

        if (parts is ["ready", var held])
        {
            Interlocked.Exchange(ref _version, long.Parse(held, CultureInfo.InvariantCulture));
            _ready.TrySetResult(line);
        }

        lock (_lines)
        {
            _lines.Add(line);
        }
    }
}
