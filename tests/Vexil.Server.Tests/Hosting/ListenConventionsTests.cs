using System.Net.Sockets;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Hosting;

/// <summary>
/// The real executable listens where a .NET user says, the way they say it: <c>--urls</c> and <c>ASPNETCORE_URLS</c>
/// move it (it used to bind 5080 regardless), and <c>Vexil:Listen</c> wins when both are set.
/// </summary>
public sealed class ListenConventionsTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "vexil-listen-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task DashDashUrls_IsWhereItListens()
    {
        var address = new Uri($"http://127.0.0.1:{VexilProcess.FreePort()}");

        await using var vexil = await VexilProcess.StartListeningAsync(address, ["--urls", address.ToString(), $"--Vexil:DataDirectory={_data}"], new Dictionary<string, string>());

        Assert.Equal(address, vexil.Address); // it answered /healthz there
    }

    [Fact(Timeout = 120_000)]
    public async Task AspNetCoreUrls_IsWhereItListens()
    {
        var address = new Uri($"http://127.0.0.1:{VexilProcess.FreePort()}");

        await using var vexil = await VexilProcess.StartListeningAsync(address, [], new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = address.ToString(),
            ["Vexil__DataDirectory"] = _data,
        });

        Assert.Equal(address, vexil.Address);
    }

    [Fact(Timeout = 120_000)]
    public async Task VexilListen_WinsOverAspNetCoreUrls_AndSaysSo()
    {
        var listen = new Uri($"http://127.0.0.1:{VexilProcess.FreePort()}");
        var urls = new Uri($"http://127.0.0.1:{VexilProcess.FreePort()}");

        await using var vexil = await VexilProcess.StartListeningAsync(listen, [$"--Vexil:Listen={listen}"], new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = urls.ToString(),
            ["Vexil__DataDirectory"] = _data,
        });

        using var client = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(urls.Host, urls.Port, TestContext.Current.CancellationToken).AsTask());
        var said = $"wins over --urls / ASPNETCORE_URLS ({urls})";
        for (var i = 0; i < 100 && !vexil.Output.Contains(said, StringComparison.Ordinal); i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken); // the line is written before it listens; the pipe may lag
        }

        Assert.Contains(said, vexil.Output, StringComparison.Ordinal);
    }
}
