using System.Diagnostics;

namespace Vexil.Events.Tests.Infrastructure;

/// <summary>
/// Starts a real nats-server with JetStream on a free loopback port once per collection; fails (never skips) when it
/// cannot. <see cref="RestartAsync"/> kills it (SIGKILL, like a crash) and starts it again on the same port and store.
/// </summary>
public sealed class NatsServerFixture : IAsyncLifetime
{
    private static readonly string Executable = Find();
    private readonly TempDirectory _store = new();
    private Process? _process;

    public int Port { get; private set; }

    public string Url => $"nats://127.0.0.1:{Port}";

    public async ValueTask InitializeAsync()
    {
        Port = Ports.Free();
        await StartAsync();
    }

    public async Task RestartAsync(TimeSpan downFor)
    {
        Kill();
        await Task.Delay(downFor);
        await StartAsync();
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _store.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task StartAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException("nats-server is not installed (scripts/install-deps.sh installs it); the NATS tests need it");
        }

        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-js", "-a", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-sd", _store.Path })
        {
            info.ArgumentList.Add(argument);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        _process = new Process { StartInfo = info };
        DataReceivedEventHandler onLine = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            output.Enqueue(e.Data);
            if (e.Data.Contains("Server is ready", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        _process.OutputDataReceived += onLine;
        _process.ErrorDataReceived += onLine;
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (await Task.WhenAny(ready.Task, Task.Delay(TimeSpan.FromSeconds(15))) != ready.Task)
        {
            Kill();
            throw new InvalidOperationException("nats-server did not become ready in 15 s:\n" + string.Join('\n', output));
        }
    }

    private void Kill()
    {
        if (_process is { } process)
        {
            try
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
            }

            process.Dispose();
            _process = null;
        }
    }

    private static string Find()
    {
        const string Debian = "/usr/sbin/nats-server";
        if (File.Exists(Debian))
        {
            return Debian;
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(directory, "nats-server");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return Debian;
    }
}
