using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vexil.Testing;

/// <summary>
/// A real <c>vexil</c> process on 127.0.0.1 (SQLite in a data folder). The test project must reference
/// src/Vexil.Server so that vexil.dll sits beside the test binaries. Settings go in environment variables, never
/// on the command line.
/// </summary>
public sealed class VexilServerProcess : IAsyncDisposable
{
    /// <summary>The administrator password every test server starts with.</summary>
    public const string AdminPassword = "test-admin-password-1";

    private readonly StringBuilder _output = new();
    private readonly IReadOnlyDictionary<string, string>? _settings;
    private Process _process;

    private VexilServerProcess(Process process, Uri address, string dataDirectory, IReadOnlyDictionary<string, string>? settings)
    {
        _process = process;
        Address = address;
        DataDirectory = dataDirectory;
        _settings = settings;
    }

    /// <summary>The base address, e.g. http://127.0.0.1:41234.</summary>
    public Uri Address { get; }

    /// <summary>The data folder (kept across restarts).</summary>
    public string DataDirectory { get; }

    /// <summary>Everything the process wrote, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts vexil and waits until it answers /healthz.</summary>
    public static Task<VexilServerProcess> StartAsync(string dataDirectory, CancellationToken cancellationToken) =>
        StartAsync(dataDirectory, settings: null, cancellationToken);

    /// <summary>
    /// Starts vexil with extra settings (environment variables such as <c>Vexil__Ofrep__RateLimitPermits</c>, kept
    /// across restarts) and waits until it answers /healthz.
    /// </summary>
    public static async Task<VexilServerProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string>? settings, CancellationToken cancellationToken)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var server = new VexilServerProcess(Launch(address, dataDirectory, settings), address, dataDirectory, settings);
        server.Attach();
        await server.WaitUntilHealthyAsync(cancellationToken);
        return server;
    }

    /// <summary>SIGKILL: no shutdown, no flush.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Starts the process again on the same address and data folder.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        await KillAsync();
        _process.Dispose();
        _process = Launch(Address, DataDirectory, _settings);
        Attach();
        await WaitUntilHealthyAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private static Process Launch(Uri address, string dataDirectory, IReadOnlyDictionary<string, string>? settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "vexil.dll"));
        start.Environment["Vexil__DataDirectory"] = dataDirectory;
        start.Environment["Vexil__Listen"] = address.ToString();
        start.Environment["Vexil__AdminPassword"] = AdminPassword;
        start.Environment["DOTNET_gcServer"] = "0";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        process.Start();
        return process;
    }

    private void Attach()
    {
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private async Task WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"vexil exited with {_process.ExitCode}: {Output}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"vexil did not become healthy: {Output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
