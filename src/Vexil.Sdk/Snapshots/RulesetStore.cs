using Microsoft.Extensions.Logging;
using Vexil.Sdk.Diagnostics;
using Vexil.Core.Evaluation;
using Vexil.Sdk.Status;

namespace Vexil.Sdk.Snapshots;

/// <summary>
/// Holds the snapshot being served and the status. Readers take <see cref="Current"/> without locking; writers (the
/// update loop, test data) serialize on a lock, accept only newer versions, and swap the reference atomically.
/// </summary>
internal sealed class RulesetStore
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SdkMetrics _metrics;
    private readonly TaskCompletionSource<bool> _initialized = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile RulesetSnapshot _current = RulesetSnapshot.Empty;
    private volatile VexilStatus _status = new(VexilState.Initializing, 0, null, null);

    public RulesetStore(TimeProvider time, ILogger logger, SdkMetrics metrics)
    {
        _time = time;
        _logger = logger;
        _metrics = metrics;
    }

    public event EventHandler<FlagsChangedEventArgs>? FlagsChanged;

    public event EventHandler<StatusChangedEventArgs>? StatusChanged;

    public RulesetSnapshot Current => _current;

    public VexilStatus Status => _status;

    /// <summary>Completes with true once rules arrive from the source, or false when the source refuses for good.</summary>
    public Task<bool> Initialized => _initialized.Task;

    /// <summary>Called with each replaced snapshot (to summarize its open counting window, so it is not kept alive).</summary>
    public Action<RetiredCounts>? OnRetired { get; set; }

    /// <summary>Serves a ruleset loaded from the cache file; the status stays as it is.</summary>
    public void LoadCached(CompiledRuleset ruleset) => Replace(ruleset, fromServer: false, source: "cache", markReady: false);

    /// <summary>Serves a whole ruleset when it is newer than the current one; returns false when it was not.</summary>
    public bool Replace(CompiledRuleset ruleset, bool fromServer, string source, bool markReady = true)
    {
        RulesetSnapshot previous;
        RulesetSnapshot? next = null;
        lock (_gate)
        {
            previous = _current;
            var offered = ruleset.Version;
            if (previous.HasRules && offered <= previous.Version)
            {
                if (offered < previous.Version)
                {
                    _logger.IgnoredOlderRuleset(offered, previous.Version);
                    _metrics.Update(source, "older");
                }
            }
            else
            {
                next = RulesetSnapshot.Create(ruleset, fromServer, _time.GetUtcNow());
                _current = next;
            }
        }

        if (next is null)
        {
            if (markReady)
            {
                MarkReady();
            }

            return false;
        }

        if (previous.HasRules && OnRetired is { } retire)
        {
            retire(new RetiredCounts(previous.Counters, AllSlots(previous)));
        }

        Published(next, ChangedKeys(previous, next), source, markReady);
        return true;
    }

    /// <summary>
    /// Serves the ruleset a change produced from the current one (<paramref name="next"/>, one version on), replacing
    /// only the slots of <paramref name="changed"/> and <paramref name="dependents"/>; <see cref="FlagsChanged"/> lists
    /// exactly those. False when the current version is not the one the change applies to.
    /// </summary>
    public bool ApplyChange(CompiledRuleset next, IReadOnlyList<string> changed, IReadOnlyList<string> dependents, string source)
    {
        RulesetSnapshot previous;
        RulesetSnapshot snapshot;
        EvaluationCounters window;
        var retired = new List<FlagSlot>(changed.Count);
        lock (_gate)
        {
            previous = _current;
            window = previous.Counters;
            if (!previous.HasRules || next.Version != previous.Version + 1)
            {
                return false;
            }

            snapshot = SnapshotChange.TryApply(previous, next, changed, dependents, retired)
                ?? RulesetSnapshot.Create(next, fromServer: true, _time.GetUtcNow()); // no room left: a new layout and window
            _current = snapshot;
        }

        // A new window retires all the old one counted; a shared window only the flags the change replaced.
        if (OnRetired is { } retire)
        {
            retire(ReferenceEquals(snapshot.Counters, window) ? new RetiredCounts(window, retired) : new RetiredCounts(window, AllSlots(previous)));
        }
        List<string> keys = [.. changed, .. dependents];
        Published(snapshot, keys, source, markReady: true);
        return true;
    }

    /// <summary>Closes the counting window of the snapshot served, under the lock that orders it with updates.</summary>
    public (RulesetSnapshot Snapshot, EvaluationCounters Closed) CloseWindow(DateTimeOffset now)
    {
        lock (_gate)
        {
            var current = _current;
            return (current, current.SwapCounters(now));
        }
    }

    private void Published(RulesetSnapshot next, List<string> changedKeys, string source, bool markReady)
    {
        _metrics.Update(source, "applied");
        _logger.RulesUpdated(next.Version, source);

        // Raised before the client reports ready, so that whoever awaits initialisation and then subscribes
        // sees only changes after the rules it started with.
        Raise(FlagsChanged, new FlagsChangedEventArgs(changedKeys, next.Version));
        if (markReady)
        {
            MarkReady();
        }
    }

    public void MarkReady()
    {
        SetStatus(VexilState.Ready, null);
        _initialized.TrySetResult(true);
    }

    /// <summary>The source cannot be reached: Stale when rules serve, else still Initializing.</summary>
    public void MarkUnreachable(string error)
    {
        var state = _current.HasRules ? VexilState.Stale : VexilState.Initializing;
        SetStatus(state, error);
    }

    public void MarkOffline(string error)
    {
        SetStatus(VexilState.Offline, error);
        _initialized.TrySetResult(false);
    }

    private void SetStatus(VexilState state, string? error)
    {
        VexilStatus status;
        bool changed;
        lock (_gate)
        {
            var old = _status;
            if (old.State == VexilState.Offline)
            {
                return;
            }

            var updated = state == VexilState.Ready ? _time.GetUtcNow() : old.LastUpdated;
            status = new VexilStatus(state, _current.Version, updated, error ?? (state == VexilState.Ready ? null : old.LastError));
            changed = old.State != state || old.Version != status.Version;
            _status = status;
        }

        if (changed)
        {
            Raise(StatusChanged, new StatusChangedEventArgs(status));
        }
    }

    private static List<FlagSlot> AllSlots(RulesetSnapshot snapshot)
    {
        var slots = new List<FlagSlot>(snapshot.Slots.Count);
        foreach (var leaf in snapshot.Slots)
        {
            slots.Add(leaf.Value);
        }

        return slots;
    }

    /// <summary>The flags a whole ruleset changed: added, removed, of another version, or all when segments changed.</summary>
    private static List<string> ChangedKeys(RulesetSnapshot previous, RulesetSnapshot next)
    {
        var keys = new List<string>();
        var segmentsChanged = SegmentsDiffer(previous.Ruleset, next.Ruleset);
        foreach (var leaf in next.Slots)
        {
            if (segmentsChanged || !previous.Slots.TryGetValue(leaf.Key, out var old) || old.Flag.Version != leaf.Value.Flag.Version)
            {
                keys.Add(leaf.Key);
            }
        }

        foreach (var leaf in previous.Slots)
        {
            if (!next.Slots.ContainsKey(leaf.Key))
            {
                keys.Add(leaf.Key);
            }
        }

        return keys;
    }

    private static bool SegmentsDiffer(CompiledRuleset previous, CompiledRuleset next)
    {
        var a = previous.Index?.Segments;
        var b = next.Index?.Segments;
        if (a is null || b is null)
        {
            return a is not null || b is not null;
        }

        if (a.Count != b.Count)
        {
            return true;
        }

        foreach (var leaf in b)
        {
            var version = leaf.Value.Definition.Version;
            if (version == 0 || !a.TryGetValue(leaf.Key, out var old) || old.Definition.Version != version)
            {
                return true;
            }
        }

        return false;
    }

    private void Raise<T>(EventHandler<T>? handler, T args)
    {
        if (handler is null)
        {
            return;
        }

        try
        {
            handler(this, args);
        }
        catch (Exception e)
        {
            _logger.HandlerFailed(e);
        }
    }
}
