using System.ComponentModel.DataAnnotations;

namespace Vexil.Server.Delivery;

/// <summary>The delivery protocol's settings (section <c>Vexil:Delivery</c>), shared by the control plane and the edge; validated at start.</summary>
internal sealed record DeliveryOptions
{
    public const string Section = "Vexil:Delivery";

    /// <summary>How often a comment heartbeat goes to every open stream.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How many events may wait for one subscriber; one that falls further behind is closed and resumes by version.</summary>
    [Range(4, 100_000)]
    public int SubscriberQueueCapacity { get; init; } = 256;

    /// <summary>The most streams this process holds at once; more get 503 with Retry-After (keep it below the open-file limit).</summary>
    [Range(1, 1_000_000)]
    public int MaxStreams { get; init; } = 15_000;

    /// <summary>The Retry-After a refused stream is told, in seconds.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; init; } = 5;

    /// <summary>How many recent versions each environment keeps in memory to resume streams by Last-Event-ID.</summary>
    [Range(0, 1_000_000)]
    public int RecentChanges { get; init; } = 1024;

    /// <summary>How long a request with Vexil-Min-Version waits for that version at most.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan MinVersionWait { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often the keys of open streams are checked again (revoked on another replica, expired with no write), so
    /// such a key's streams end within this bound; a revocation here ends them at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan KeyCheckInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The reconnection delay suggested to stream clients (the SSE <c>retry:</c> field).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan ClientRetry { get; init; } = TimeSpan.FromSeconds(1);
}
