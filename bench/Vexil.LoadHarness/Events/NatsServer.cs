using System.Diagnostics;
using System.Globalization;

namespace Vexil.LoadHarness.Events;

/// <summary>A real nats-server with JetStream on a free loopback port and a temporary store, for one run.</summary>
internal sealed class NatsServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _store;

    private NatsServer(Process process, string store, int port)
    {
        _process = process;
        _store = store;
        Url = string.Create(CultureInfo.InvariantCulture, $"nats://127.0.0.1:{port}");
    }

    public string Url { get; }

    public static async Task<NatsServer> StartAsync()
    {
        var executable = new[] { "/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("nats-server is not installed (scripts/install-deps.sh installs it)");
        var port = VexilNode.FreePort();
        var store = Path.Combine(Path.GetTempPath(), "vexil-nats-" + Guid.NewGuid().ToString("N")[..8]);
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-js", "-a", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-sd", store })
        {
            start.ArgumentList.Add(argument);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start };
        DataReceivedEventHandler onLine = (_, e) =>
        {
            if (e.Data?.Contains("Server is ready", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        process.OutputDataReceived += onLine;
        process.ErrorDataReceived += onLine;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new NatsServer(process, store, port);
        if (await Task.WhenAny(ready.Task, Task.Delay(TimeSpan.FromSeconds(15))) != ready.Task)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException("nats-server did not become ready in 15 s");
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        try
        {
            Directory.Delete(_store, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
