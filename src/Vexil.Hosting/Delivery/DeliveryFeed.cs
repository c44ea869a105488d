
namespace Vexil.Hosting.Delivery;

/// <summary>
/// One environment's stream: its current version, the most recent change events (to resume by Last-Event-ID) and
/// its subscribers. A publication moves the version and takes the subscriber list in one step under the feed's lock,
/// and subscribing reads the backlog under the same lock, so every subscriber gets each event exactly once (from its
/// backlog or from the fan-out) and in order; publications are serialised, and their fan-out runs outside the lock.
/// The broadcaster only ever calls the non-waiting <see cref="DeliverySubscription.TryEnqueue"/>, so a slow or dead
/// subscriber never delays the others.
/// </summary>
internal sealed class DeliveryFeed
{
    /// <summary>The fan-out's unit of work: below this many subscribers, one thread fans out alone.</summary>
    private const int SubscribersPerShard = 512;

    private readonly Lock _gate = new();
    private readonly Lock _publishing = new();
    private readonly DeliveryEvent?[] _recent;
    private readonly HashSet<DeliverySubscription> _subscribers = [];
    private readonly Func<CancellationToken, Task<RulesetDocument?>> _ruleset;
    private readonly DeliveryMetrics _metrics;
    private readonly int _queueCapacity;
    private long _version;
    private long _oldest = 1;
    private DeliveryEvent? _rulesetEvent;
    private DeliverySubscription[]? _snapshot;
    private TaskCompletionSource _advanced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="id">The environment this feed serves.</param>
    /// <param name="version">The version the feed starts at.</param>
    /// <param name="ruleset">Reads the environment's whole ruleset (at this feed's version or later).</param>
    /// <param name="options">Queue and resume-window sizes.</param>
    /// <param name="metrics">Where drops are counted.</param>
    public DeliveryFeed(long id, long version, Func<CancellationToken, Task<RulesetDocument?>> ruleset, DeliveryOptions options, DeliveryMetrics metrics)
    {
        Id = id;
        _version = version;
        _oldest = version + 1;
        _ruleset = ruleset;
        _metrics = metrics;
        _queueCapacity = options.SubscriberQueueCapacity;
        _recent = new DeliveryEvent?[Math.Max(1, options.RecentChanges)];
    }

    public long Id { get; }

    public long Version => Volatile.Read(ref _version);

    public int SubscriberCount
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>The whole ruleset as a stream event, framed once per version.</summary>
    public async Task<DeliveryEvent?> GetRulesetEventAsync(CancellationToken cancellationToken)
    {
        var document = await _ruleset(cancellationToken);
        if (document is null)
        {
            return null;
        }

        var cached = Volatile.Read(ref _rulesetEvent);
        if (cached is not null && cached.Version == document.Version)
        {
            return cached;
        }

        var created = await DeliveryEvent.RulesetAsync(document.Version, document.Utf8Json);
        Volatile.Write(ref _rulesetEvent, created);
        return created;
    }

    public Task<RulesetDocument?> GetRulesetAsync(CancellationToken cancellationToken) => _ruleset(cancellationToken);

    /// <summary>True when the changes after <paramref name="version"/> are all held in memory.</summary>
    public bool CanResumeFrom(long version)
    {
        lock (_gate)
        {
            return version <= _version && version >= _oldest - 1;
        }
    }

    /// <summary>
    /// Subscribes a stream that holds <paramref name="lastEventId"/> (resume) or will start from
    /// <paramref name="ruleset"/>. Null when neither can be continued without a gap (fetch a newer ruleset and retry).
    /// </summary>
    public DeliverySubscription? Subscribe(long? lastEventId, DeliveryEvent? ruleset)
    {
        lock (_gate)
        {
            long from;
            if (lastEventId is { } v && v <= _version && v >= _oldest - 1)
            {
                from = v;
                ruleset = null;
            }
            else if (ruleset is not null && (ruleset.Version >= _version || ruleset.Version >= _oldest - 1))
            {
                from = ruleset.Version;
            }
            else
            {
                return null;
            }

            var backlog = (int)Math.Max(0, _version - from);
            var subscription = new DeliverySubscription(_queueCapacity + backlog + 1);
            if (ruleset is not null)
            {
                subscription.TryEnqueue(ruleset);
            }

            for (var version = from + 1; version <= _version; version++)
            {
                subscription.TryEnqueue(_recent[version % _recent.Length]!);
            }

            _subscribers.Add(subscription);
            _snapshot = null;
            return subscription;
        }
    }

    public void Unsubscribe(DeliverySubscription subscription)
    {
        lock (_gate)
        {
            if (_subscribers.Remove(subscription))
            {
                _snapshot = null;
            }
        }
    }

    /// <summary>Fills the resume window with changes up to the current version (at start, before anyone subscribes).</summary>
    public void Seed(IReadOnlyList<DeliveryEvent> changes)
    {
        lock (_gate)
        {
            if (changes.Count == 0 || changes[^1].Version != _version)
            {
                return;
            }

            for (var i = 0; i < changes.Count; i++)
            {
                if (i > 0 && changes[i].Version != changes[i - 1].Version + 1)
                {
                    return;
                }
            }

            foreach (var change in changes.Count > _recent.Length ? changes.Skip(changes.Count - _recent.Length) : changes)
            {
                _recent[change.Version % _recent.Length] = change;
            }

            _oldest = Math.Max(1, _version - Math.Min(changes.Count, _recent.Length) + 1);
        }
    }

    /// <summary>Publishes the change to version <see cref="Version"/> + 1; false (nothing changes) when it is not that one.</summary>
    public bool PublishChange(DeliveryEvent change)
    {
        lock (_publishing)
        {
            DeliverySubscription[] subscribers;
            lock (_gate)
            {
                if (change.Version != _version + 1)
                {
                    return false;
                }

                _recent[change.Version % _recent.Length] = change;
                _oldest = Math.Max(_oldest, change.Version - _recent.Length + 1);
                Volatile.Write(ref _version, change.Version);
                subscribers = Subscribers();
            }

            Advanced(); // readers waiting for this version (Vexil-Min-Version) need not wait for the fan-out
            FanOut(subscribers, change);
        }

        return true;
    }

    /// <summary>Publishes a whole ruleset newer than the current version; the resume window starts over after it.</summary>
    public bool PublishRuleset(DeliveryEvent ruleset)
    {
        lock (_publishing)
        {
            DeliverySubscription[] subscribers;
            lock (_gate)
            {
                if (ruleset.Version <= _version)
                {
                    return false;
                }

                Array.Clear(_recent);
                _oldest = ruleset.Version + 1;
                Volatile.Write(ref _rulesetEvent, ruleset);
                Volatile.Write(ref _version, ruleset.Version);
                subscribers = Subscribers();
            }

            Advanced(); // readers waiting for this version (Vexil-Min-Version) need not wait for the fan-out
            FanOut(subscribers, ruleset);
        }

        return true;
    }

    public void Heartbeat()
    {
        lock (_publishing)
        {
            DeliverySubscription[] subscribers;
            lock (_gate)
            {
                subscribers = Subscribers();
            }

            FanOut(subscribers, DeliveryEvent.Heartbeat);
        }
    }

    /// <summary>Waits, up to <paramref name="bound"/>, until this feed has published <paramref name="version"/>.</summary>
    public async Task<bool> WaitForVersionAsync(long version, TimeSpan bound, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(bound, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        while (Version < version)
        {
            var advanced = Volatile.Read(ref _advanced).Task;
            if (Version >= version)
            {
                break;
            }

            try
            {
                await advanced.WaitAsync(linked.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Version >= version;
            }
        }

        return true;
    }

    private DeliverySubscription[] Subscribers() => _snapshot ??= [.. _subscribers];

    /// <summary>
    /// Queues the event to every subscriber, in shards of about <see cref="SubscribersPerShard"/> taken by up to one
    /// thread per core (so a thread that gets preempted holds up one shard, not half of the streams); each subscriber
    /// is in one shard, and publications are serialised, so the events of one stream stay in order. Returns once all
    /// are queued; nothing here waits on a client.
    /// </summary>
    private void FanOut(DeliverySubscription[] subscribers, DeliveryEvent item)
    {
        var shards = (subscribers.Length + SubscribersPerShard - 1) / SubscribersPerShard;
        if (shards <= 1 || Environment.ProcessorCount == 1)
        {
            Deliver(subscribers, item);
            return;
        }

        Parallel.For(0, shards, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, shard =>
            Deliver(subscribers.AsSpan()[(subscribers.Length * shard / shards)..(subscribers.Length * (shard + 1) / shards)], item));
    }

    private void Deliver(ReadOnlySpan<DeliverySubscription> subscribers, DeliveryEvent item)
    {
        foreach (var subscriber in subscribers)
        {
            if (!subscriber.TryEnqueue(item))
            {
                Unsubscribe(subscriber);
                if (subscriber.IsDropped)
                {
                    _metrics.SubscriberDropped();
                }
            }
        }
    }

    private void Advanced() =>
        Interlocked.Exchange(ref _advanced, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
