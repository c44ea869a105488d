using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Vexil.OfrepBench;

/// <summary>A process serving HTTP on a loopback port: vexil or the bare Kestrel baseline.</summary>
internal sealed class Node : IAsyncDisposable
{
    private readonly Process _process;

    private Node(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>A control plane from this build's <c>vexil.dll</c>, or from <paramref name="vexilDll"/> (another build, to compare).</summary>
    public static Task<Node> VexilAsync(string dataDirectory, string password, string vexilDll = "vexil.dll", IReadOnlyDictionary<string, string>? extra = null)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var environment = new Dictionary<string, string>(extra ?? new Dictionary<string, string>());
        return StartAsync(
            address,
            [vexilDll],
            new Dictionary<string, string>(environment)
            {
                ["Vexil__DataDirectory"] = dataDirectory,
                ["Vexil__AdminPassword"] = password,
                ["Vexil__Listen"] = address.ToString(),
                // The limiter stays on the path (it is part of the cost) but never refuses during the run.
                ["Vexil__Ofrep__RateLimitPermits"] = "100000000",
                ["Logging__LogLevel__Default"] = "Warning",
            });
    }

    /// <summary>An edge following <paramref name="upstream"/> for the environment of <paramref name="serverKey"/>.</summary>
    public static Task<Node> EdgeAsync(Uri upstream, string serverKey, string dataDirectory)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        return StartAsync(
            address,
            ["vexil.dll", "edge", "--upstream", upstream.ToString()],
            new Dictionary<string, string>
            {
                ["Vexil__Edge__DataDirectory"] = dataDirectory,
                ["Vexil__Edge__Keys__0"] = serverKey,
                ["Vexil__Listen"] = address.ToString(),
                ["Vexil__Ofrep__RateLimitPermits"] = "100000000",
                ["Logging__LogLevel__Default"] = "Warning",
            });
    }

    /// <summary>An OTLP/HTTP trace sink that accepts and discards (<see cref="TraceSink"/>).</summary>
    public static Task<Node> SinkAsync()
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        return StartAsync(address, ["Vexil.OfrepBench.dll", "sink", address.ToString()], new Dictionary<string, string>());
    }

    public static Task<Node> BaselineAsync(string singleFile, string bulkFile)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        return StartAsync(address, ["Vexil.OfrepBench.dll", "baseline", address.ToString(), singleFile, bulkFile], new Dictionary<string, string>());
    }

    private static async Task<Node> StartAsync(Uri address, string[] args, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(Path.Combine(AppContext.BaseDirectory, args[0]))! };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, args[0]));
        foreach (var arg in args[1..])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_gcServer"] = "0";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine($"  [{args[0]}] {e.Data}"); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var node = new Node(process, address);
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            try
            {
                using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return node;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            if (process.HasExited)
            {
                throw new InvalidOperationException($"{args[0]} exited with {process.ExitCode}");
            }

            await Task.Delay(200);
        }

        await node.DisposeAsync();
        throw new TimeoutException($"{args[0]} did not start");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
