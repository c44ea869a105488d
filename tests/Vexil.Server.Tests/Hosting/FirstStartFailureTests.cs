using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Vexil.Server.Storage;
using Vexil.Server.Storage.Sqlite;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Hosting;

/// <summary>
/// A first start that cannot listen (the port is taken) says so in one sentence, exits non-zero and creates nothing:
/// the administrator credential is made (and shown) by the start that listens. A lost credential is reset locally
/// with <c>vexil admin reset-password</c>.
/// </summary>
public sealed class FirstStartFailureTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "vexil-busy-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task BusyPort_OneSentenceNamingTheAddress_NonZeroExit_AndTheCredentialComesWithTheStartThatListens()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var busy = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";

        var (exit, stdout, stderr) = await RunAsync(["--Vexil:Listen=" + busy, "--Vexil:DataDirectory=" + _data], untilExit: true);

        Assert.NotEqual(0, exit);
        Assert.Contains($"cannot listen on {busy}", stderr, StringComparison.Ordinal);
        Assert.Contains("Vexil:Listen", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal); // no stack trace
        Assert.DoesNotContain("password:", stdout, StringComparison.Ordinal); // no credential made and lost

        var free = $"http://127.0.0.1:{VexilProcess.FreePort()}";
        var (_, started, _) = await RunAsync(["--Vexil:Listen=" + free, "--Vexil:DataDirectory=" + _data], untilExit: false);
        Assert.Contains("password:", started, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task ResetPassword_OnTheLocalDataFolder_GivesANewPassword_OldOneAndItsSessionsStopWorking()
    {
        string oldSession;
        await using (var server = await VexilTestServer.StartAsync(dataDirectory: _data))
        {
            oldSession = await VexilTestServer.LoginAsync(server.Address, "admin", VexilTestServer.AdminPassword);
        }

        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Vexil.Server.Admin.ResetPasswordCommand.RunAsync(["--Vexil:DataDirectory=" + _data], output, error, TestContext.Current.CancellationToken);

        Assert.True(exit == 0, error.ToString());
        var password = output.ToString().Split('\n').Single(l => l.Contains("password:", StringComparison.Ordinal)).Split("password:")[1].Trim();
        Assert.True(password.Length >= 20);
        await using var restarted = await VexilTestServer.StartAsync(dataDirectory: _data, configure: b => b.Configuration["Vexil:AdminPassword"] = null);
        using var client = new HttpClient { BaseAddress = restarted.Address };
        using var oldLogin = await client.SendAsync(HttpMethod.Post, "/api/v1/auth/login", new { username = "admin", password = VexilTestServer.AdminPassword });
        Assert.Equal(HttpStatusCode.Unauthorized, oldLogin.StatusCode);
        using var withOldSession = restarted.Client(oldSession);
        Assert.Equal(HttpStatusCode.Unauthorized, (await withOldSession.SendAsync(HttpMethod.Get, "/api/v1/projects")).StatusCode);
        using var withNew = restarted.Client(await VexilTestServer.LoginAsync(restarted.Address, "admin", password));
        Assert.Equal(HttpStatusCode.OK, (await withNew.SendAsync(HttpMethod.Get, "/api/v1/tokens")).StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task ResetPassword_WithoutAStore_SaysWhereItLooked()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await Vexil.Server.Admin.ResetPasswordCommand.RunAsync(["--Vexil:DataDirectory=" + _data], output, error, TestContext.Current.CancellationToken);

        Assert.Equal(1, exit);
        Assert.Contains(Path.Combine(_data, "vexil.db"), error.ToString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task EditedAppliedMigration_StopsTheStart_WithOneMessageNamingIt_ExitCode4()
    {
        var ct = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(_data);
        using (var database = new SqliteDatabase(Path.Combine(_data, "vexil.db"), TimeProvider.System, new EnvironmentVersionTracker()))
        {
            await database.MigrateAsync(ct);
            await using var connection = await database.OpenAsync(ct);
            // As if 0003's file had been edited after this database applied it.
            await using var tamper = Database.Command(connection, null, "UPDATE schema_migrations SET checksum = @checksum WHERE version = 3", ("@checksum", new string('0', 64)));
            await tamper.ExecuteNonQueryAsync(ct);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var (exit, stdout, stderr) = await RunAsync(["--Vexil:Listen=http://127.0.0.1:" + VexilProcess.FreePort(), "--Vexil:DataDirectory=" + _data], untilExit: true);

        Assert.Equal(4, exit);
        Assert.Contains("vexil: an applied schema migration has changed", stderr, StringComparison.Ordinal);
        Assert.Contains("Migration 0003_client_key_origins of Sqlite was applied with checksum 000000000000", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("password:", stdout, StringComparison.Ordinal);
    }

    /// <summary>Runs the real executable; until it exits, or until it printed the credential (then stops it).</summary>
    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string[] args, bool untilExit)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "vexil.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(start)!;
        var stdout = new System.Text.StringBuilder();
        var stderr = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (stdout) { stdout.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (stderr) { stderr.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (!process.HasExited && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            lock (stdout)
            {
                if (!untilExit && stdout.ToString().Contains("password:", StringComparison.Ordinal))
                {
                    break;
                }
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        lock (stdout)
        {
            return (process.ExitCode, stdout.ToString(), stderr.ToString());
        }
    }
}
