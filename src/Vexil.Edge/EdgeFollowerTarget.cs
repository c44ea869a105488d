using Vexil.Core.Evaluation;
using Vexil.Delivery.Following;
using Vexil.Delivery.Tracing;
using Vexil.Hosting.Observability.Tracing;
using Vexil.Hosting.Delivery;

namespace Vexil.Edge;

/// <summary>
/// What the follower of one edge environment keeps current: the environment's held ruleset, its feed (each change
/// relayed byte for byte, so <c>committedAt</c> survives every tier), its connection state, and the upstream's
/// refusals of its key.
/// </summary>
internal sealed partial class EdgeFollowerTarget(
    EdgeEnvironment environment,
    UpstreamKeyRefusals refusals,
    DeliveryMetrics metrics,
    TimeProvider time,
    ILogger logger) : IFollowerTarget
{
    public CompiledRuleset? Current => environment.Current?.Compiled;

    public async ValueTask PublishAsync(FollowedUpdate update, CancellationToken cancellationToken)
    {
        if (update.Change is { } change)
        {
            environment.Install(new HeldRuleset(update.Ruleset), "upstream");

            // Relayed with the trace context of this edge's publish span (a child of its apply span, itself a child of
            // the write), or the upstream's when this edge traces nothing.
            using var activity = ServerTelemetry.StartPublish(ApplySpan(update.Version) ?? update.Trace, environment.Id, update.Version);
            activity?.SetTag("vexil.subscribers", environment.Feed.SubscriberCount);
            var trace = activity is not null ? new ChangeTrace(update.Version, activity.Id!, activity.TraceStateString) : update.Trace;
            environment.Feed.PublishChange(await DeliveryEvent.ChangeAsync(update.Version, update.Data, change.CommittedAt, trace));
            if (change.CommittedAt is { } at)
            {
                metrics.Lag(time.GetUtcNow() - at);
            }

            return;
        }

        var held = new HeldRuleset(update.Ruleset, update.Data);
        environment.Install(held, "upstream");
        environment.Feed.PublishRuleset(await DeliveryEvent.RulesetAsync(held.Version, held.Document));
        LogInstalled(logger, environment.Name, held.Version, update.Source);
    }

    public void OnAccepted() => refusals.Accepted(environment);

    // The follower's apply span, when the change came untraced but this edge traces (its spans still join one trace).
    private static ChangeTrace? ApplySpan(long version) =>
        System.Diagnostics.Activity.Current is { Id: { } id } activity && activity.Source.Name == DeliveryTelemetry.ActivitySourceName
            ? new ChangeTrace(version, id, activity.TraceStateString)
            : null;

    public void OnConnected() => environment.SetConnected(true);

    public void OnConnectionFailed(string reason)
    {
        if (environment.Connected)
        {
            environment.MarkSynced(time.GetUtcNow());
        }

        environment.SetConnected(false);
        metrics.Reconnect();
    }

    public void OnRejected(FollowerRejection rejection, long version, string reason)
    {
        if (rejection != FollowerRejection.Gap)
        {
            metrics.Rejected(rejection == FollowerRejection.InvalidRuleset ? DeliveryEvent.RulesetType : DeliveryEvent.ChangeType);
        }
    }

    // Revoked, or expired after a rotation: stop serving the key (and end its streams); the follower keeps asking.
    public ValueTask OnRefusedAsync(int status, string endpoint, CancellationToken cancellationToken) =>
        new(refusals.RefusedAsync(environment, status, endpoint, cancellationToken));

    [LoggerMessage(Level = LogLevel.Information, Message = "Installed the whole ruleset of '{Environment}' at version {Version} ({Source})")]
    private static partial void LogInstalled(ILogger logger, string environment, long version, FollowedSource source);
}
