using Microsoft.Extensions.Logging;
using Vexil.Sdk.Diagnostics;
using Vexil.Sdk.Persistence;
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
    private readonly RulesetFileCache? _cache;
    private readonly TaskCompletionSource<bool> _initialized = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile RulesetSnapshot _current = RulesetSnapshot.Empty;
    private volatile VexilStatus _status = new(VexilState.Initializing, 0, null, null);

    public RulesetStore(TimeProvider time, ILogger logger, SdkMetrics metrics, RulesetFileCache? cache)
    {
        _time = time;
        _logger = logger;
        _metrics = metrics;
        _cache = cache;
    }

    public event EventHandler<FlagsChangedEventArgs>? FlagsChanged;

    public event EventHandler<StatusChangedEventArgs>? StatusChanged;

    public RulesetSnapshot Current => _current;

    public VexilStatus Status => _status;

    /// <summary>Completes with true once rules arrive from the source, or false when the source refuses for good.</summary>
    public Task<bool> Initialized => _initialized.Task;

    /// <summary>Called with each replaced snapshot (to summarize its open counting window, so it is not kept alive).</summary>
    public Action<RulesetSnapshot>? OnRetired { get; set; }

    /// <summary>Serves a ruleset loaded from the cache file; the status stays as it is.</summary>
    public void LoadCached(CompiledUpdate update) => Replace(update, fromServer: false, source: "cache", markReady: false);

    /// <summary>Serves a full ruleset when it is newer than the current one; returns false when it was not.</summary>
    public bool Replace(CompiledUpdate update, bool fromServer, string source, bool markReady = true)
    {
        RulesetSnapshot? previous;
        RulesetSnapshot next;
        lock (_gate)
        {
            previous = _current;
            var offered = update.Ruleset!.Version;
            if (previous.HasRules && offered <= previous.Version)
            {
                if (offered < previous.Version)
                {
                    _logger.IgnoredOlderRuleset(offered, previous.Version);
                    _metrics.Update(source, "older");
                }

                next = previous;
            }
            else
            {
                next = new RulesetSnapshot(update.Json, update.Ruleset, update.Segments, fromServer, _time.GetUtcNow());
                _current = next;
            }
        }

        if (ReferenceEquals(next, previous))
        {
            if (markReady)
            {
                MarkReady();
            }

            return false;
        }

        if (previous.HasRules)
        {
            OnRetired?.Invoke(previous);
        }

        _metrics.Update(source, "applied");
        _logger.RulesUpdated(next.Version, source);
        if (fromServer && _cache is not null)
        {
            _cache.Save(next.Json!);
        }

        // Raised before the client reports ready, so that whoever awaits initialisation and then subscribes
        // sees only changes after the rules it started with.
        Raise(FlagsChanged, new FlagsChangedEventArgs(ChangedKeys(previous, next), next.Version));
        if (markReady)
        {
            MarkReady();
        }

        return true;
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

    private static List<string> ChangedKeys(RulesetSnapshot previous, RulesetSnapshot next)
    {
        var keys = new List<string>();
        var segmentsChanged = SegmentsDiffer(previous, next);
        foreach (var (key, slot) in next.Slots)
        {
            if (segmentsChanged || !previous.Slots.TryGetValue(key, out var old) || old.Flag.Version != slot.Flag.Version)
            {
                keys.Add(key);
            }
        }

        foreach (var key in previous.Slots.Keys)
        {
            if (!next.Slots.ContainsKey(key))
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    private static bool SegmentsDiffer(RulesetSnapshot previous, RulesetSnapshot next)
    {
        var a = previous.Segments;
        var b = next.Segments;
        if (a.Length != b.Length)
        {
            return true;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (!string.Equals(a[i].Key, b[i].Key, StringComparison.Ordinal) || a[i].Version != b[i].Version || a[i].Version == 0)
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
