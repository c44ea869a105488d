using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Vexil.LoadHarness;

/// <summary>A vexil process (control plane or edge) on a loopback port.</summary>
internal sealed class VexilNode : IAsyncDisposable
{
    public const string AdminPassword = "load-harness-password-1";

    private readonly Process _process;

    private VexilNode(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int ProcessId => _process.Id;

    public static Task<VexilNode> ControlPlaneAsync(string dataDirectory) =>
        StartAsync(["--Vexil:DataDirectory=" + dataDirectory, "--Vexil:AdminPassword=" + AdminPassword], new Dictionary<string, string>(), FreePort());

    public static Task<VexilNode> EdgeAsync(Uri upstream, string key, string dataDirectory, int? port = null, IEnumerable<KeyValuePair<string, string>>? extra = null) =>
        StartAsync(
            ["edge", "--upstream", upstream.ToString(), "--Vexil:Edge:DataDirectory=" + dataDirectory],
            new Dictionary<string, string>
            {
                ["Vexil__Edge__Keys__0"] = key,
                ["Vexil__Edge__ReconnectMaxDelay"] = "00:00:02",
                ["Vexil__Delivery__MaxStreams"] = "15000",
                ["Logging__LogLevel__Default"] = "Warning",
            }.Concat(extra ?? []).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value),
            port ?? FreePort());

    /// <summary>Starts the process and returns once <c>/healthz</c> answers, with the time that took.</summary>
    public static async Task<VexilNode> StartAsync(IEnumerable<string> args, Dictionary<string, string> environment, int port)
    {
        var address = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "vexil.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add("--Vexil:Listen=" + address);
        start.Environment.Remove("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("  [vexil] " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"vexil exited with {process.ExitCode}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return new VexilNode(process, address);
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(20);
        }

        process.Kill();
        throw new TimeoutException("vexil did not start");
    }

    /// <summary>Resident memory of the process, in MiB (VmRSS from /proc).</summary>
    public double ResidentMiB()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>User + system CPU time the process has used (from /proc).</summary>
    public TimeSpan CpuTime() => CpuTimeOf($"/proc/{_process.Id}/stat");

    /// <summary>User + system CPU time from a /proc stat file (a process's, or one thread's under task/).</summary>
    public static TimeSpan CpuTimeOf(string statPath)
    {
        var stat = File.ReadAllText(statPath);
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
