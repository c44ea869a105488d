using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Vexil.Core.Evaluation;
using Vexil.Delivery.Following;
using Vexil.Delivery.Tracing;
using Vexil.Sdk.Configuration;
using Vexil.Sdk.Diagnostics;
using Vexil.Sdk.Snapshots;

namespace Vexil.Sdk.Delivery;

/// <summary>
/// What Vexil.Delivery's <see cref="RulesetFollower"/> keeps current in the SDK: the client's <see cref="RulesetStore"/>
/// (a change replaces only the flags it touched; a whole ruleset replaces the snapshot), its status and its metrics.
/// </summary>
internal sealed class SdkFollowerTarget(RulesetStore store, DataSourceMode mode, ILogger logger, SdkMetrics metrics) : IFollowerTarget
{
    public CompiledRuleset? Current => store.Current is { HasRules: true } snapshot ? snapshot.Ruleset : null;

    public ValueTask PublishAsync(FollowedUpdate update, CancellationToken cancellationToken)
    {
        if (update.Change is not null)
        {
            // A child of the follower's vexil.change.apply (itself a child of the write), or of the write's context
            // directly when only this source is listened to.
            using var activity = VexilTelemetry.Source.HasListeners()
                ? VexilTelemetry.Source.StartActivity(VexilTelemetry.ApplySpanName, ActivityKind.Internal, Parent(update))
                : null;
            activity?.SetTag(VexilTelemetry.VersionAttribute, update.Version);
            activity?.SetTag("vexil.flags.changed", update.ChangedFlagKeys.Count);
            store.ApplyChange(update.Ruleset, update.ChangedFlagKeys, update.DependentFlagKeys, "change");
        }
        else
        {
            store.Replace(update.Ruleset, fromServer: true, Source(update.Source));
        }

        return ValueTask.CompletedTask;
    }

    private static ActivityContext Parent(FollowedUpdate update) =>
        Activity.Current is { } current ? current.Context : DeliveryTelemetry.ParentOf(update.Trace, update.Version);

    // A live stream resumed from the version held is current: a newer ruleset would have come first.
    public void OnLive()
    {
        if (store.Current.HasRules)
        {
            store.MarkReady();
        }
    }

    public void OnCurrent() => store.MarkReady();

    public void OnConnectionFailed(string reason)
    {
        if (mode == DataSourceMode.Streaming)
        {
            metrics.StreamFailure();
        }

        store.MarkUnreachable(reason);
    }

    // The follower logs what it rejected and why; the SDK counts it.
    public void OnRejected(FollowerRejection rejection, long version, string reason)
    {
        switch (rejection)
        {
            case FollowerRejection.Gap:
                metrics.Update("change", "gap");
                break;
            case FollowerRejection.InvalidChange:
                metrics.Update("change", "invalid");
                break;
            default:
                metrics.Update("stream", "rejected");
                break;
        }
    }

    public ValueTask OnRefusedAsync(int status, string endpoint, CancellationToken cancellationToken)
    {
        logger.KeyRefused(status);
        store.MarkOffline($"HTTP {status}");
        return ValueTask.CompletedTask;
    }

    private static string Source(FollowedSource source) => source switch
    {
        FollowedSource.StreamRuleset => "stream",
        FollowedSource.Refetch => "refetch",
        FollowedSource.Poll => "poll",
        _ => "change",
    };
}
