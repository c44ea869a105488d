using Microsoft.Extensions.Options;
using Vexil.Delivery.Following;
using Vexil.Delivery.Persistence;
using Vexil.Hosting.Delivery;

namespace Vexil.Edge;

/// <summary>
/// Keeps every environment of the edge in step with the upstream: first the last-known-good file (so the edge serves
/// at once, before it listens), then for each environment one <see cref="RulesetFollower"/> (Vexil.Delivery, the
/// SDK's too) that follows <c>/sdk/v1/stream</c> from the version held, applies changes incrementally, heals gaps with
/// a whole ruleset, saves each version to disk before it is published downstream, and keeps asking while the upstream
/// refuses the key.
/// </summary>
internal sealed partial class EdgeFollowers(
    EdgeEnvironments environments,
    IHttpClientFactory httpClients,
    IOptions<EdgeOptions> options,
    DeliveryMetrics metrics,
    UpstreamKeyRefusals refusals,
    TimeProvider time,
    ILogger<EdgeFollowers> logger) : BackgroundService
{
    /// <summary>The suffix of the last-known-good ruleset documents (their journals add <c>.changes</c>).</summary>
    public const string RulesetSuffix = ".ruleset.json";

    private readonly LastKnownGoodFile[] _files = [.. environments.All.Select(e => new LastKnownGoodFile(
        Path.Combine(options.Value.DataDirectory, e.FileName + RulesetSuffix), LastKnownGoodOptions.Default, time, logger))];

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the server listens: whatever was last known good is served at once.
        foreach (var environment in environments.All)
        {
            refusals.Load(environment);
            await LoadFromDiskAsync(environment);
        }

        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        foreach (var file in _files)
        {
            await file.DisposeAsync(); // folds the journal into the document
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var http = httpClients.CreateClient(UpstreamHandler.HttpClientName);
        return Task.WhenAll(environments.All.Select(e => Task.Run(() => Follower(e, http).RunAsync(stoppingToken), stoppingToken)));
    }

    private RulesetFollower Follower(EdgeEnvironment environment, HttpClient http)
    {
        var edge = options.Value;
        var follow = new FollowerOptions
        {
            BaseAddress = new Uri(edge.Upstream),
            Key = environment.Key,
            IdleTimeout = edge.UpstreamIdleTimeout,
            InitialDelay = edge.ReconnectMinDelay,
            MaxDelay = edge.ReconnectMaxDelay,
            RequestTimeout = edge.FetchTimeout,
            RefusedRetryDelay = edge.ReconnectMaxDelay,
        };
        var target = new EdgeFollowerTarget(environment, refusals, metrics, time, logger);
        return new RulesetFollower(http, follow, target, _files[environment.Id - 1], time, logger);
    }

    private async Task LoadFromDiskAsync(EdgeEnvironment environment)
    {
        var saved = _files[environment.Id - 1].Load(out var error);
        if (saved is null)
        {
            if (error is not null)
            {
                metrics.Rejected("disk");
            }

            return;
        }

        var held = new HeldRuleset(saved.Ruleset, saved.Document);
        environment.Install(held, "disk");
        environment.MarkSynced(saved.SavedAt);
        environment.Feed.PublishRuleset(await DeliveryEvent.RulesetAsync(held.Version, held.Document));
        LogLoadedFromDisk(logger, held.Environment, held.Version);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving environment '{Environment}' at version {Version} from the last-known-good file")]
    private static partial void LogLoadedFromDisk(ILogger logger, string environment, long version);
}
