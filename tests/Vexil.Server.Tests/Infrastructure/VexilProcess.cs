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
    public static async Task<VexilProcess> StartAsync(string dataDirectory, string? postgres = null, int? port = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var address = new Uri($"http://127.0.0.1:{port ?? FreePort()}");
        var start = StartInfo();
        if (postgres is not null)
        {
            start.ArgumentList.Add(postgres);
        }

        start.ArgumentList.Add($"--Vexil:DataDirectory={dataDirectory}");
        start.ArgumentList.Add($"--Vexil:Listen={address}");
        start.Environment["Vexil__AdminPassword"] = VexilTestServer.AdminPassword;
        start.Environment["Vexil__Metrics__Token"] = Http.ScrapeToken;
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[name.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return await LaunchAsync(start, address);
    }

    /// <summary>
    /// Starts vexil with exactly these arguments and environment variables (no <c>Vexil:Listen</c> of its own) and waits
    /// until it answers <c>/healthz</c> on <paramref name="address"/>: for tests of where it listens.
    /// </summary>
    public static async Task<VexilProcess> StartListeningAsync(Uri address, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = StartInfo();
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["Vexil__AdminPassword"] = VexilTestServer.AdminPassword;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return await LaunchAsync(start, address);
    }

    /// <summary>
    /// Starts <c>vexil edge --upstream URL</c> with the given server keys (passed in environment variables, never on
    /// the command line) and waits until it answers <c>/healthz</c>. <paramref name="executable"/> runs another binary
    /// with the same commands (the Native AOT <c>vexil-edge</c>) instead of <c>dotnet vexil.dll</c>.
    /// </summary>
    public static async Task<VexilProcess> StartEdgeAsync(Uri upstream, IReadOnlyList<string> keys, string dataDirectory, int? port = null, IReadOnlyDictionary<string, string>? settings = null, string? executable = null)
    {
        var address = new Uri($"http://127.0.0.1:{port ?? FreePort()}");
        var start = StartInfo(executable);
        start.ArgumentList.Add("edge");
        start.ArgumentList.Add("--upstream");
        start.ArgumentList.Add(upstream.ToString());
        start.ArgumentList.Add($"--Vexil:Listen={address}");
        start.ArgumentList.Add($"--Vexil:Edge:DataDirectory={dataDirectory}");
        for (var i = 0; i < keys.Count; i++)
        {
            start.Environment[$"Vexil__Edge__Keys__{i}"] = keys[i];
        }

        start.Environment["Vexil__Edge__ReconnectMinDelay"] = "00:00:00.100";
        start.Environment["Vexil__Metrics__Token"] = Http.ScrapeToken;
        start.Environment["Vexil__Edge__ReconnectMaxDelay"] = "00:00:01";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[name.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return await LaunchAsync(start, address);
    }

    /// <summary>
    /// Starts <c>vexil serve --flags-file ...</c> on a free loopback port (keys, if any, in environment variables) and
    /// waits until it answers <c>/healthz</c>.
    /// </summary>
    public static async Task<VexilProcess> StartServeAsync(IReadOnlyList<string> flagsFiles, IReadOnlyList<string>? keys = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = ServeStartInfo(flagsFiles, keys, settings);
        start.ArgumentList.Add($"--Vexil:Listen={address}");
        return await LaunchAsync(start, address);
    }

    /// <summary>Runs <c>vexil serve</c> that is expected to refuse to start; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunServeToExitAsync(IReadOnlyList<string> flagsFiles, string listen)
    {
        var start = ServeStartInfo(flagsFiles, null, null);
        start.ArgumentList.Add("--listen");
        start.ArgumentList.Add(listen);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static ProcessStartInfo ServeStartInfo(IReadOnlyList<string> flagsFiles, IReadOnlyList<string>? keys, IReadOnlyDictionary<string, string>? settings)
    {
        var start = StartInfo();
        start.ArgumentList.Add("serve");
        foreach (var file in flagsFiles)
        {
            start.ArgumentList.Add("--flags-file");
            start.ArgumentList.Add(file);
        }

        for (var i = 0; i < (keys?.Count ?? 0); i++)
        {
            start.Environment[$"Vexil__Serve__Keys__{i}"] = keys![i];
        }

        start.Environment["Vexil__Metrics__Token"] = Http.ScrapeToken;
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[name.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return start;
    }

    public int Port => Address.Port;

    private static ProcessStartInfo StartInfo(string? executable = null)
    {
        var start = new ProcessStartInfo(executable ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        if (executable is null)
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "vexil.dll"));
        }

        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["DOTNET_TieredPGO"] = "0";
        foreach (var inherited in (string[])["ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS"])
        {
            start.Environment.Remove(inherited); // a container's conventions must not move a test server
        }
        return start;
    }

    private static async Task<VexilProcess> LaunchAsync(ProcessStartInfo start, Uri address)
    {
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

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
