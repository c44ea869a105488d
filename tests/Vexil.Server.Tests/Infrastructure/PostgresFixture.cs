using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Vexil.Server.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server (Debian's <c>postgresql</c> package) started once for the collection in a temp folder
/// on a free loopback port. It fails, never skips, when PostgreSQL cannot start. Each test gets its own database.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private string _dataDir = string.Empty;
    private string _bin = string.Empty;
    private int _databases;

    public int Port { get; private set; }

    public async ValueTask InitializeAsync()
    {
        _bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault() ?? string.Empty
            : string.Empty;
        if (_bin.Length == 0)
        {
            throw new InvalidOperationException("PostgreSQL is not installed: no /usr/lib/postgresql/*/bin/initdb (apt-get install -y postgresql).");
        }

        _dataDir = Path.Combine(Path.GetTempPath(), "vexil-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dataDir);
        if (IsRoot)
        {
            await RunAsync("chown", $"postgres:postgres {_dataDir}", asPostgres: false);
        }

        Port = FreePort();
        await RunAsync(Path.Combine(_bin, "initdb"), $"-D {_dataDir}/db -A trust -U postgres --no-sync -E UTF8", asPostgres: true);
        await RunAsync(
            Path.Combine(_bin, "pg_ctl"),
            $"-D {_dataDir}/db -l {_dataDir}/log.txt -w -t 60 -o \"-p {Port} -k {_dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200\" start",
            asPostgres: true);
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataDir.Length > 0 && Directory.Exists(Path.Combine(_dataDir, "db")))
        {
            try
            {
                await RunAsync(Path.Combine(_bin, "pg_ctl"), $"-D {_dataDir}/db -m immediate -w stop", asPostgres: true);
            }
            finally
            {
                Directory.Delete(_dataDir, recursive: true);
            }
        }
    }

    /// <summary>Creates a fresh database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"vexil_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid().ToString("N")[..6]}";
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=60;Timeout=15";

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

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
