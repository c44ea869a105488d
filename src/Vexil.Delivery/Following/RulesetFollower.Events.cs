using System.Diagnostics;
using System.Globalization;
using Vexil.Core.Compilation;
using Vexil.Delivery.Changes;
using Vexil.Delivery.Tracing;

namespace Vexil.Delivery.Following;

public sealed partial class RulesetFollower
{
    internal const string ProtocolHeader = "Vexil-Protocol";
    internal const string RulesetEvent = "ruleset";
    internal const string ChangeEventType = "change";

    /// <summary>
    /// One stream event: a whole ruleset newer than the one held replaces it; a change for exactly the next version is
    /// applied to it; anything else (a gap, a change that cannot be applied, a ruleset that fails validation) is healed
    /// with a whole ruleset; events already applied and types this follower does not know are ignored.
    /// </summary>
    internal async ValueTask<EventOutcome> HandleAsync(string eventType, string? eventId, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        switch (eventType)
        {
            case RulesetEvent:
                var load = RulesetCompiler.Load(data.Span);
                if (load.Ruleset is null)
                {
                    Reject(FollowerRejection.InvalidRuleset, 0, Describe(load.Errors));
                    return await RefetchAsync(cancellationToken).ConfigureAwait(false);
                }

                if (!IsNewer(load.Ruleset.Version))
                {
                    return EventOutcome.Continue;
                }

                await PersistAndPublishAsync(new FollowedUpdate(load.Ruleset, null, data, FollowedSource.StreamRuleset), cancellationToken).ConfigureAwait(false);
                return EventOutcome.Continue;
            case ChangeEventType:
                var trace = _pendingTrace;
                _pendingTrace = null;
                return await ApplyChangeAsync(eventId, data, trace, cancellationToken).ConfigureAwait(false);
            case ChangeTrace.EventType:
                _pendingTrace = ChangeTrace.Read(data.Span); // the context of the change that follows it
                return EventOutcome.Continue;
            default:
                return EventOutcome.Continue; // event types this follower does not know are ignored (docs/protocol.md, Compatibility)
        }
    }

    private async ValueTask<EventOutcome> ApplyChangeAsync(string? eventId, ReadOnlyMemory<byte> data, ChangeTrace? trace, CancellationToken cancellationToken)
    {
        if (!long.TryParse(eventId, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            Reject(FollowerRejection.InvalidChange, 0, "no numeric event id");
            return await RefetchAsync(cancellationToken).ConfigureAwait(false);
        }

        var held = _target.Current;
        if (held is not null && version <= held.Version)
        {
            return EventOutcome.Continue; // already applied (a replay after a refetch): never go back
        }

        if (held is null || version != held.Version + 1)
        {
            Reject(FollowerRejection.Gap, version, $"holding version {held?.Version ?? 0}");
            return await RefetchAsync(cancellationToken).ConfigureAwait(false);
        }

        // A child of the write that produced the change (its context came in the trace event before it); nothing is
        // created when no listener samples it.
        var parent = DeliveryTelemetry.ParentOf(trace, version);
        using var activity = DeliveryTelemetry.Source.HasListeners()
            ? DeliveryTelemetry.Source.StartActivity(DeliveryTelemetry.ApplySpanName, ActivityKind.Consumer, parent)
            : null;
        activity?.SetTag(DeliveryTelemetry.VersionAttribute, version);
        var read = ChangeEvent.Read(data.Span);
        if (read.Event is not { } change || change.Version != version)
        {
            Reject(FollowerRejection.InvalidChange, version, read.Event is null ? read.Describe() : "the change's version does not match its event id");
            return await RefetchAsync(cancellationToken).ConfigureAwait(false);
        }

        RulesetCompileResult applied;
        try
        {
            applied = change.ApplyTo(held);
        }
        catch (InvalidOperationException e)
        {
            // The ruleset held keeps no definitions (it did not come from this protocol): only a whole ruleset replaces it.
            Reject(FollowerRejection.InvalidChange, version, e.Message);
            return await RefetchAsync(cancellationToken).ConfigureAwait(false);
        }

        if (applied.Ruleset is null)
        {
            Reject(FollowerRejection.InvalidChange, version, Describe(applied.Errors));
            return await RefetchAsync(cancellationToken).ConfigureAwait(false);
        }

        var update = new FollowedUpdate(applied.Ruleset, change, data, FollowedSource.StreamChange)
        {
            ChangedFlagKeys = applied.ChangedFlagKeys,
            DependentFlagKeys = applied.DependentFlagKeys,
            Trace = trace is not null && trace.Version == version ? trace : null,
        };
        activity?.SetTag("vexil.flags.changed", applied.ChangedFlagKeys.Count);
        await PersistAndPublishAsync(update, cancellationToken).ConfigureAwait(false);
        return EventOutcome.Continue;
    }

    /// <summary>Saves the update as last known good, then — only then — publishes it.</summary>
    private async ValueTask PersistAndPublishAsync(FollowedUpdate update, CancellationToken cancellationToken)
    {
        if (_lastKnownGood is not null)
        {
            try
            {
                await _lastKnownGood.SaveAsync(update, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A disk that fails must not stop the rules: they are published, the next start is older.
                LogSaveFailed(_logger, e, update.Version);
            }
        }

        await _target.PublishAsync(update, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<EventOutcome> RefetchAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _refetches);
        var result = await FetchAsync(FollowedSource.Refetch, cancellationToken).ConfigureAwait(false);
        return result.Outcome switch
        {
            FetchOutcome.Refused => EventOutcome.Refused,
            FetchOutcome.Failed => EventOutcome.Reconnect,
            _ => EventOutcome.Continue,
        };
    }

    /// <summary>True when <paramref name="version"/> is above the one held; an older one is logged and ignored.</summary>
    private bool IsNewer(long version)
    {
        var held = _target.Current;
        if (held is null || version > held.Version)
        {
            return true;
        }

        if (version < held.Version)
        {
            LogIgnoredOlder(_logger, version, held.Version);
        }

        return false;
    }

    private void Reject(FollowerRejection rejection, long version, string reason)
    {
        LogRejected(_logger, rejection, version, reason);
        if (Activity.Current is { } activity && activity.Source == DeliveryTelemetry.Source)
        {
            activity.SetStatus(ActivityStatusCode.Error, rejection.ToString());
        }

        _target.OnRejected(rejection, version, reason);
    }

    private static string Describe(IReadOnlyList<Core.Serialization.ValidationError> errors) =>
        errors.Count == 0 ? "invalid" : string.Join("; ", errors.Take(5));
}
