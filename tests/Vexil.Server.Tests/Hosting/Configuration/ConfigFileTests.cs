using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vexil.Edge;
using Vexil.Server.Hosting;
using Vexil.Hosting.Configuration;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Hosting.Configuration;

/// <summary><c>--config FILE</c> and <c>VEXIL_CONFIG</c>: a node configured by a file.</summary>
public sealed class ConfigFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vexil-config-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void ConfigFile_SetsOptions_AndTheCommandLineWinsOverIt()
    {
        var file = WriteConfig(new { Vexil = new { DataDirectory = Path.Combine(_dir, "data"), MaxRequestBodyBytes = 4096, SessionLifetime = "00:30:00" } });
        using var app = VexilApp.Create(["--config", file, "--Vexil:MaxRequestBodyBytes=8192"]);
        var options = app.Services.GetRequiredService<IOptions<VexilOptions>>().Value;
        Assert.Equal(Path.Combine(_dir, "data"), options.DataDirectory);
        Assert.Equal(TimeSpan.FromMinutes(30), options.SessionLifetime);
        Assert.Equal(8192, options.MaxRequestBodyBytes);
    }

    [Fact]
    public void ConfigFile_ForAnEdge_SetsItsUpstreamAndKeys()
    {
        var file = WriteConfig(new { Vexil = new { Edge = new { Upstream = "http://127.0.0.1:9", Keys = new[] { "vx_srv_from_file" }, UpstreamCaFile = "/etc/vexil/ca.pem" } } });
        using var app = EdgeApp.Create([$"--config={file}"]);
        var options = app.Services.GetRequiredService<IOptions<Vexil.Edge.EdgeOptions>>().Value;
        Assert.Equal("http://127.0.0.1:9", options.Upstream);
        Assert.Equal(["vx_srv_from_file"], options.Keys);
        Assert.Equal("/etc/vexil/ca.pem", options.UpstreamCaFile);
    }

    [Fact]
    public void ConfigFile_Missing_RefusesToStart()
    {
        var refused = Assert.Throws<ConfigurationException>(() => VexilApp.Create(["--config", Path.Combine(_dir, "missing.json")]));
        Assert.Contains("missing.json", refused.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task RealProcess_ConfiguredOnlyByVexilConfig_StartsAndTheAdministratorSignsIn()
    {
        var port = VexilProcess.FreePort();
        var file = WriteConfig(new
        {
            Vexil = new { Listen = $"http://127.0.0.1:{port}", DataDirectory = Path.Combine(_dir, "data"), AdminPassword = "password-in-the-config-file" },
        });
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "vexil.dll"));
        start.Environment[ConfigFile.EnvironmentVariable] = file;
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var address = new Uri($"http://127.0.0.1:{port}");
            using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
            var deadline = Stopwatch.StartNew();
            var ready = false;
            while (!ready && deadline.Elapsed < TimeSpan.FromSeconds(90) && !process.HasExited)
            {
                try
                {
                    using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);
                    ready = health.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(100, TestContext.Current.CancellationToken);
                }
                catch (TaskCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
                {
                    // A slow answer on a loaded machine: ask again.
                }
            }

            Assert.True(ready, "vexil configured by VEXIL_CONFIG did not start");
            Assert.StartsWith("vx_ses_", await VexilTestServer.LoginAsync(address, "admin", "password-in-the-config-file"), StringComparison.Ordinal);
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    private string WriteConfig(object content)
    {
        var file = Path.Combine(_dir, "node-" + Guid.NewGuid().ToString("N")[..6] + ".json");
        File.WriteAllText(file, System.Text.Json.JsonSerializer.Serialize(content));
        return file;
    }
}
