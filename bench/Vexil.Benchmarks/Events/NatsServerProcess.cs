using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Vexil.Benchmarks.Events;

/// <summary>A real nats-server with JetStream on a free loopback port and a temporary store (fails when it is missing).</summary>
internal sealed class NatsServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _store;

    private NatsServerProcess(Process process, string store, string url)
    {
        _process = process;
        _store = store;
        Url = url;
    }

    public string Url { get; }

    public static NatsServerProcess Start()
    {
        var executable = new[] { "/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("nats-server is not installed (scripts/install-deps.sh installs it)");
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var store = Path.Combine(Path.GetTempPath(), "vexil-bench-nats-" + Guid.NewGuid().ToString("N")[..8]);
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-js", "-a", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-sd", store })
        {
            start.ArgumentList.Add(argument);
        }

        using var ready = new ManualResetEventSlim();
        var process = new Process { StartInfo = start };
        DataReceivedEventHandler onLine = (_, e) =>
        {
            if (e.Data?.Contains("Server is ready", StringComparison.Ordinal) == true)
            {
                ready.Set();
            }
        };
        process.OutputDataReceived += onLine;
        process.ErrorDataReceived += onLine;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new NatsServerProcess(process, store, string.Create(CultureInfo.InvariantCulture, $"nats://127.0.0.1:{port}"));
        if (!ready.Wait(TimeSpan.FromSeconds(15)))
        {
            server.Dispose();
            throw new InvalidOperationException("nats-server did not become ready in 15 s");
        }

        return server;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.WaitForExit();
        _process.Dispose();
        if (Directory.Exists(_store))
        {
            Directory.Delete(_store, recursive: true);
        }
    }
}
