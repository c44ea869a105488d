using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Vexil.Testing;

/// <summary>
/// A real PostgreSQL server (Debian's <c>postgresql</c> package) in a temporary folder on a free loopback port.
/// PostgreSQL's tools refuse root, so as root they run through <c>runuser -u postgres</c>. Starting throws (so a
/// test fails, never skips) when PostgreSQL is not installed or cannot start.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _dataDir;
    private string _settings = string.Empty;

    private PostgresServer(string bin, string dataDir, int port)
    {
        _bin = bin;
        _dataDir = dataDir;
        Port = port;
    }

    /// <summary>The loopback port it listens on.</summary>
    public int Port { get; }

    /// <summary>
    /// Starts a server. <paramref name="durable"/> keeps <c>fsync</c> and full-page writes on (benchmarks measure what
    /// production does); tests turn them off for speed.
    /// </summary>
    public static async Task<PostgresServer> StartAsync(bool durable, int maxConnections = 200)
    {
        var bin = FindBin() ?? throw new InvalidOperationException("PostgreSQL is not installed: no /usr/lib/postgresql/*/bin/initdb (scripts/install-deps.sh installs it).");
        var dataDir = Path.Combine(Path.GetTempPath(), "vexil-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dataDir);
        if (IsRoot)
        {
            await RunAsync("chown", $"postgres:postgres {dataDir}", asPostgres: false);
        }

        var server = new PostgresServer(bin, dataDir, FreePort());
        server._settings = $"-c listen_addresses=127.0.0.1 -c max_connections={maxConnections}" + (durable ? string.Empty : " -c fsync=off -c full_page_writes=off");
        await RunAsync(Path.Combine(bin, "initdb"), $"-D {dataDir}/db -A trust -U postgres --no-sync -E UTF8", asPostgres: true);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Stops the server (<c>pg_ctl stop -m fast</c>: connections are closed); <see cref="StartAgainAsync"/> starts it on the same port and data.</summary>
    public Task StopAsync() => RunAsync(Path.Combine(_bin, "pg_ctl"), $"-D {_dataDir}/db -m fast -w stop", asPostgres: true);

    /// <summary>Starts a stopped server again, on the same port and data.</summary>
    public Task StartAgainAsync() =>
        RunAsync(Path.Combine(_bin, "pg_ctl"), $"-D {_dataDir}/db -l {_dataDir}/log.txt -w -t 60 -o \"-p {Port} -k {_dataDir} {_settings}\" start", asPostgres: true);

    /// <summary>A connection string for a database of this server.</summary>
    public string ConnectionString(string database = "postgres", int maxPoolSize = 60) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size={maxPoolSize};Timeout=15";

    /// <summary>Stops the server at once and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!Directory.Exists(Path.Combine(_dataDir, "db")))
        {
            return;
        }

        try
        {
            await RunAsync(Path.Combine(_bin, "pg_ctl"), $"-D {_dataDir}/db -m immediate -w stop", asPostgres: true);
        }
        finally
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    private static string? FindBin()
    {
        if (!Directory.Exists("/usr/lib/postgresql"))
        {
            return null;
        }

        string? best = null;
        foreach (var version in Directory.GetDirectories("/usr/lib/postgresql"))
        {
            var bin = Path.Combine(version, "bin");
            if (File.Exists(Path.Combine(bin, "initdb")) && (best is null || string.CompareOrdinal(bin, best) > 0))
            {
                best = bin;
            }
        }

        return best;
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, string arguments, bool asPostgres)
    {
        var start = asPostgres && IsRoot
            ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {arguments}")
            : new ProcessStartInfo(file, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = Path.GetTempPath();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{file} {arguments}' failed ({process.ExitCode}): {await output} {await error}");
        }
    }
}
