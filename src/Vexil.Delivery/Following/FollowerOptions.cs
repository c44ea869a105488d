namespace Vexil.Delivery.Following;

/// <summary>How a <see cref="RulesetFollower"/> follows its upstream (a control plane or an edge).</summary>
public sealed record FollowerOptions
{
    /// <summary>The upstream's base address (<c>https://flags.example.com/</c>); the protocol's paths are resolved against it.</summary>
    public required Uri BaseAddress { get; init; }

    /// <summary>The server key of the environment followed, sent as <c>Authorization: Bearer</c>.</summary>
    public required string Key { get; init; }

    /// <summary>Streaming (the default), or polling <c>/sdk/v1/ruleset</c> only.</summary>
    public FollowerMode Mode { get; init; } = FollowerMode.Streaming;

    /// <summary>A stream silent this long (no event, no heartbeat comment) is dead and replaced: twice the server's heartbeat interval.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The first reconnection delay; each failure doubles it, with jitter, up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The cap of the reconnection delay.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The bound on one ruleset request, and on opening a stream (until its headers arrive).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// When the upstream refuses the key (<c>401</c>/<c>403</c>): null ends the follower (an SDK: retrying with the same
    /// key cannot succeed); a delay keeps asking that often (an edge serves the key again once its upstream accepts it).
    /// </summary>
    public TimeSpan? RefusedRetryDelay { get; init; }

    /// <summary>
    /// Consecutive answered stream attempts that delivered nothing (a proxy that breaks Server-Sent Events) after which
    /// the follower polls for <see cref="StreamRetryInterval"/>; null never falls back. An unreachable upstream, or one
    /// answering <c>Retry-After</c>, is down or busy, not broken, and does not count.
    /// </summary>
    public int? StreamFailuresBeforePolling { get; init; }

    /// <summary>How often to poll (in <see cref="FollowerMode.Polling"/>, or after falling back from streaming).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>After falling back to polling, how long to poll before trying the stream again.</summary>
    public TimeSpan StreamRetryInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The backoff's source of randomness, numbers in [0, 1) (tests pin it); null uses <see cref="Random.Shared"/>.</summary>
    public Func<double>? Random { get; init; }
}
