using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Vexil.Testing;

/// <summary>
/// A real nats-server with JetStream (Debian's <c>nats-server</c> package) on a free loopback port, its store in a
/// temporary folder. <see cref="StopAsync"/> kills it (SIGKILL, like a crash) and <see cref="StartAsync()"/> starts it
/// again on the same port and store. Starting throws (so a test fails, never skips) when it cannot.
/// </summary>
public sealed class NatsServer : IAsyncDisposable
{
    private readonly string _store = Path.Combine(Path.GetTempPath(), "vexil-nats-" + Guid.NewGuid().ToString("N")[..8]);
    private Process? _process;

    private NatsServer(int port) => Port = port;

    public int Port { get; }

    public string Url => string.Create(CultureInfo.InvariantCulture, $"nats://127.0.0.1:{Port}");

    public static async Task<NatsServer> StartAsync()
    {
        var server = new NatsServer(FreePort());
        await server.StartAsync(TimeSpan.FromSeconds(15));
        return server;
    }

    /// <summary>Starts the stopped server again, on the same port and store.</summary>
    public Task StartAgainAsync() => StartAsync(TimeSpan.FromSeconds(15));

    /// <summary>Kills the server (SIGKILL).</summary>
    public Task StopAsync()
    {
        Kill();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        if (Directory.Exists(_store))
        {
            Directory.Delete(_store, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    private async Task StartAsync(TimeSpan timeout)
    {
        const string Executable = "/usr/sbin/nats-server";
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException("nats-server is not installed (scripts/install-deps.sh installs it)");
        }

        var info = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-js", "-a", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-sd", _store })
        {
            info.ArgumentList.Add(argument);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new ConcurrentQueue<string>();
        var process = new Process { StartInfo = info };
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
        process.OutputDataReceived += onLine;
        process.ErrorDataReceived += onLine;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        if (await Task.WhenAny(ready.Task, Task.Delay(timeout)) != ready.Task)
        {
            Kill();
            throw new InvalidOperationException("nats-server did not become ready:\n" + string.Join('\n', output));
        }
    }

    private void Kill()
    {
        if (Interlocked.Exchange(ref _process, null) is { } process)
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
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
