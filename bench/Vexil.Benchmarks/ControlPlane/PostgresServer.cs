using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Vexil.Benchmarks.ControlPlane;

/// <summary>
/// A real PostgreSQL server (Debian's <c>postgresql</c> package) in a temp folder on a free loopback port, started
/// the way the server tests start theirs (<c>tests/Vexil.Server.Tests/Infrastructure/PostgresFixture.cs</c>) but
/// with production durability: <c>fsync</c>, <c>synchronous_commit</c> and <c>full_page_writes</c> stay on.
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _dataDir;

    private PostgresServer(string bin, string dataDir, int port)
    {
        _bin = bin;
        _dataDir = dataDir;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The connection string of the <c>postgres</c> database.</summary>
    public string ConnectionString =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=20;Timeout=15";

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("PostgreSQL is not installed: no /usr/lib/postgresql/*/bin/initdb (scripts/install-deps.sh).");
        }

        var dataDir = Path.Combine(Path.GetTempPath(), "vexil-bench-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dataDir);
        if (IsRoot)
        {
            await RunAsync("chown", $"postgres:postgres {dataDir}", asPostgres: false);
        }

        var server = new PostgresServer(bin, dataDir, FreePort());
        await RunAsync(Path.Combine(bin, "initdb"), $"-D {dataDir}/db -A trust -U postgres --no-sync -E UTF8", asPostgres: true);
        await RunAsync(
            Path.Combine(bin, "pg_ctl"),
            $"-D {dataDir}/db -l {dataDir}/log.txt -w -t 60 -o \"-p {server.Port} -k {dataDir} -c listen_addresses=127.0.0.1\" start",
            asPostgres: true);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!Directory.Exists(Path.Combine(_dataDir, "db")))
        {
            return;
        }

        try
        {
            await RunAsync(Path.Combine(_bin, "pg_ctl"), $"-D {_dataDir}/db -m fast -w stop", asPostgres: true);
        }
        finally
        {
            Directory.Delete(_dataDir, recursive: true);
        }
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
