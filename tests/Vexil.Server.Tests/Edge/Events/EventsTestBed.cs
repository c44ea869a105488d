using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Edge.Events;

/// <summary>
/// Real processes on loopback for the events path through edges: a control plane with one project (flags
/// <c>f</c> and <c>g</c>), its production server key, and edges the test starts; plus helpers to post batches and
/// read usage back from the control plane's insights API.
/// </summary>
internal sealed class EventsTestBed : IAsyncDisposable
{
    /// <summary>Quick retries and summary windows, so tests wait seconds, not minutes.</summary>
    public static readonly Dictionary<string, string> Quick = new()
    {
        ["Vexil:Edge:Events:RetryMinDelay"] = "00:00:00.100",
        ["Vexil:Edge:Events:RetryMaxDelay"] = "00:00:00.500",
        ["Vexil:Edge:Events:SummaryInterval"] = "00:00:00.250",
    };

    private readonly List<VexilProcess> _edges = [];

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "vexil-edge-events-" + Guid.NewGuid().ToString("N")[..8]);

    public VexilProcess ControlPlane { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public DeliverySetup Setup { get; private set; } = null!;

    public static async Task<EventsTestBed> StartAsync()
    {
        var bed = new EventsTestBed();
        bed.ControlPlane = await VexilProcess.StartAsync(Path.Combine(bed.Root, "cp"));
        bed.Admin = await AdminAsync(bed.ControlPlane.Address);
        bed.Setup = await DeliverySetup.CreateAsync(bed.Admin, "f", "g");
        return bed;
    }

    public async Task<VexilProcess> StartEdgeAsync(Uri upstream, string name, Dictionary<string, string>? settings = null, int? port = null)
    {
        var all = new Dictionary<string, string>(Quick);
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        var edge = await VexilProcess.StartEdgeAsync(upstream, [Setup.ServerKey], Path.Combine(Root, name), port, all);
        _edges.Add(edge);
        return edge;
    }

    public async Task RestartControlPlaneAsync()
    {
        ControlPlane = await VexilProcess.StartAsync(Path.Combine(Root, "cp"), port: ControlPlane.Port);
        Admin.Dispose();
        Admin = await AdminAsync(ControlPlane.Address);
    }

    public static string Batch(string id, int count, int exposures = 0, string flag = "f")
    {
        var items = string.Join(",", Enumerable.Range(0, exposures).Select(i => string.Create(CultureInfo.InvariantCulture,
            $$"""{"flag":"{{flag}}","variation":"on","version":1,"targetingKey":"user-{{i}}","at":"2026-11-24T12:00:30Z"}""")));
        return $$"""
            {"id":"{{id}}","sdk":"test/1.0","summaries":[
              {"flag":"{{flag}}","variation":"on","version":1,"count":{{count}},"start":"2026-11-24T12:00:00Z","end":"2026-11-24T12:01:00Z"}],
             "exposures":[{{items}}]}
            """;
    }

    public static async Task<HttpResponseMessage> PostAsync(Uri server, string? key, string json)
    {
        using var http = new HttpClient { BaseAddress = server };
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/events/v1/bulk") { Content = content };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Evaluations and exposures of a flag in production between the given times, from the insights API.</summary>
    public async Task<(long Evaluations, long Exposures)> UsageAsync(string flag, string from = "2026-11-24T11:00:00Z", string to = "2026-11-24T13:00:00Z")
    {
        using var response = await Admin.GetAsync(
            new Uri($"{Setup.Environment}/flags/{flag}/usage?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}&granularity=minute", UriKind.Relative),
            TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var points = (await response.JsonAsync()).GetProperty("points").EnumerateArray().ToList();
        return (points.Sum(p => p.GetProperty("evaluations").GetInt64()), points.Sum(p => p.GetProperty("exposures").GetInt64()));
    }

    /// <summary>Polls usage until it reaches <paramref name="expected"/> (or the time runs out), then returns the last reading.</summary>
    public async Task<(long Evaluations, long Exposures)> UsageReachesAsync(string flag, (long, long) expected, TimeSpan? within = null, string from = "2026-11-24T11:00:00Z", string to = "2026-11-24T13:00:00Z")
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(45));
        while (true)
        {
            var usage = await UsageAsync(flag, from, to);
            if (usage == expected || DateTime.UtcNow > deadline)
            {
                return usage;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    public static async Task<string> MetricsAsync(Uri server)
    {
        return await Http.ScrapeAsync(server);
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        foreach (var edge in _edges)
        {
            await edge.DisposeAsync();
        }

        await ControlPlane.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<HttpClient> AdminAsync(Uri address)
    {
        var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await VexilTestServer.LoginAsync(address, "admin", VexilTestServer.AdminPassword));
        return client;
    }
}
