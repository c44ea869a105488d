using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vexil.Server.Tests.Infrastructure;

/// <summary>A real <c>vexil</c> process (<c>dotnet vexil.dll</c>) on a free loopback port.</summary>
public sealed class VexilProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;

    private VexilProcess(Process process, StringBuilder output, Uri address)
    {
        _process = process;
        _output = output;
        Address = address;
    }

    public Uri Address { get; }

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

    /// <summary>Starts vexil (PostgreSQL when a connection string is given, else SQLite in <paramref name="dataDirectory"/>) and waits until it answers <c>/healthz</c>.</summary>
    public static async Task<VexilProcess> StartAsync(string dataDirectory, string? postgres = null, int? port = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "vexil.dll");
        var address = new Uri($"http://127.0.0.1:{port ?? FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(dll);
        if (postgres is not null)
        {
            start.ArgumentList.Add(postgres);
        }

        start.ArgumentList.Add($"--Vexil:DataDirectory={dataDirectory}");
        start.ArgumentList.Add($"--Vexil:Listen={address}");
        start.ArgumentList.Add($"--Vexil:AdminPassword={VexilTestServer.AdminPassword}");
        start.Environment["DOTNET_gcServer"] = "0";
        var output = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var vexil = new VexilProcess(process, output, address);
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"vexil exited with {process.ExitCode}: {vexil.Output}");
            }

            try
            {
                using var response = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return vexil;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        await vexil.DisposeAsync();
        throw new TimeoutException($"vexil did not start: {vexil.Output}");
    }

    /// <summary>SIGKILL: no shutdown, no flush, nothing.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }

        await _process.WaitForExitAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
