using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Vexil.Sdk.Tests.Infrastructure;

/// <summary>
/// A small, protocol-faithful server of docs/protocol.md on 127.0.0.1 (Kestrel): <c>/sdk/v1/ruleset</c> with ETag/304,
/// <c>/sdk/v1/stream</c> with ruleset/change events whose ids are versions, resumption by <c>Last-Event-ID</c> and
/// heartbeats, and <c>/events/v1/bulk</c>. It can be killed and restarted on the same port, lose a change (a gap),
/// send an invalid change, break SSE like a buffering proxy, go silent, and fail the events endpoint.
/// </summary>
public sealed partial class DeliveryTestServer : IAsyncDisposable
{
    public const string Key = "vx_srv_test";
    public const string ForbiddenKey = "vx_cli_test";

    private readonly Lock _gate = new();
    private readonly List<string> _order = [];
    private readonly Dictionary<string, string> _flags = new(StringComparer.Ordinal);
    private readonly List<(long Version, string Json)> _changes = [];
    private readonly List<Channel<string>> _streams = [];
    private readonly List<string> _eventBodies = [];
    private readonly List<string> _eventAttempts = [];
    private readonly List<long> _streamTimes = [];
    private WebApplication? _app;
    private long _version;
    private int _port;
    private int _rulesetRequests;
    private int _streamConnections;
    private int _eventRequests;

    public long Version { get { lock (_gate) { return _version; } } }

    public Uri BaseAddress => new($"http://127.0.0.1:{_port}/");

    /// <summary>Answer streams like a proxy that breaks SSE: 200 with an HTML body, then close.</summary>
    public bool BreakSse { get; set; }

    /// <summary>Send no heartbeats (a dead stream that stays open).</summary>
    public bool Silent { get; set; }

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The status the events endpoint answers (202 when healthy).</summary>
    public int EventsStatus { get; set; } = StatusCodes.Status202Accepted;

    /// <summary>How many upcoming stream requests are answered <c>503</c> with <c>Retry-After: 1</c>.</summary>
    public int BusyStreams { get; set; }

    /// <summary>When each stream request arrived (milliseconds of <see cref="Environment.TickCount64"/>).</summary>
    public IReadOnlyList<long> StreamTimes { get { lock (_gate) { return [.. _streamTimes]; } } }

    public int RulesetRequests => Volatile.Read(ref _rulesetRequests);

    public int StreamConnections => Volatile.Read(ref _streamConnections);

    public int EventRequests => Volatile.Read(ref _eventRequests);

    public IReadOnlyList<string> EventBodies { get { lock (_gate) { return [.. _eventBodies]; } } }

    /// <summary>Every events request body, accepted or not.</summary>
    public IReadOnlyList<string> EventAttempts { get { lock (_gate) { return [.. _eventAttempts]; } } }

    public bool IsRunning => _app is not null;

    public static async Task<DeliveryTestServer> StartAsync(long version = 1, params string[] flags)
    {
        var server = new DeliveryTestServer();
        server.Load(version, flags);
        await server.RunAsync();
        return server;
    }

    /// <summary>Replaces the whole state (as after a restore), with no change events; streams see nothing.</summary>
    public void Load(long version, params string[] flags)
    {
        lock (_gate)
        {
            _version = version;
            _order.Clear();
            _flags.Clear();
            _changes.Clear();
            foreach (var flag in flags)
            {
                Put(flag, version);
            }
        }
    }

    /// <summary>Commits a flag as the next version and streams the change (unless <paramref name="broadcast"/> is false: a lost event).</summary>
    public long SetFlag(string flagJson, bool broadcast = true)
    {
        lock (_gate)
        {
            _version++;
            var flag = Put(flagJson, _version);
            var change = $$$"""{"version":{{{_version}}},"flags":{"upsert":[{{{flag}}}],"delete":[]},"segments":{"upsert":[],"delete":[]}}""";
            _changes.Add((_version, change));
            if (broadcast)
            {
                Broadcast(Frame("change", _version, change));
            }

            return _version;
        }
    }

    /// <summary>Streams a change for the next version whose flag is invalid, without committing anything.</summary>
    public void InjectInvalidChange(string key)
    {
        lock (_gate)
        {
            var change = $$$"""{"version":{{{_version + 1}}},"flags":{"upsert":[{{{TestFlags.Invalid(key)}}}],"delete":[]},"segments":{"upsert":[],"delete":[]}}""";
            Broadcast(Frame("change", _version + 1, change));
        }
    }

    /// <summary>Stops the server: open streams end, connections are refused until <see cref="RunAsync"/>.</summary>
    public async Task KillAsync()
    {
        var app = _app;
        _app = null;
        if (app is null)
        {
            return;
        }

        lock (_gate)
        {
            foreach (var stream in _streams)
            {
                stream.Writer.TryComplete();
            }

            _streams.Clear();
        }

        await app.StopAsync(TestContext.Current.CancellationToken);
        await app.DisposeAsync();
    }

    /// <summary>Starts (or restarts, on the same port) the server.</summary>
    public async Task RunAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, _port));
        var app = builder.Build();
        app.MapGet("/sdk/v1/ruleset", (Delegate)Ruleset);
        app.MapGet("/sdk/v1/stream", Stream);
        app.MapPost("/events/v1/bulk", (Delegate)Events);
        await app.StartAsync(TestContext.Current.CancellationToken);
        _port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        _app = app;
    }

    public async ValueTask DisposeAsync() => await KillAsync();

    private string Put(string flagJson, long version)
    {
        var node = JsonNode.Parse(flagJson)!.AsObject();
        node["version"] = version;
        var key = (string)node["key"]!;
        var json = node.ToJsonString();
        if (!_flags.ContainsKey(key))
        {
            _order.Add(key);
        }

        _flags[key] = json;
        return json;
    }

    private string Document() => TestFlags.Ruleset(_version, [.. _order.Select(k => _flags[k])]);

    private static string Frame(string type, long id, string data) => $"event: {type}\nid: {id}\ndata: {data}\n\n";

    private void Broadcast(string frame)
    {
        foreach (var stream in _streams)
        {
            stream.Writer.TryWrite(frame);
        }
    }
}
