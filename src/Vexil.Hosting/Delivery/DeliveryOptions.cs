using System.ComponentModel.DataAnnotations;
using Vexil.Hosting.Configuration.Validation;

namespace Vexil.Hosting.Delivery;

/// <summary>The delivery protocol's settings (section <c>Vexil:Delivery</c>), shared by the control plane and the edge; validated at start.</summary>
// Settable, not init: the configuration binding generator (Native AOT) skips init-only properties without a word
// (dotnet/runtime#107856); OptionsBindingTests keeps it so.
internal sealed record DeliveryOptions
{
    public const string Section = "Vexil:Delivery";

    /// <summary>How often a comment heartbeat goes to every open stream.</summary>
    [TimeSpanRange("00:00:00.050", "01:00:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How many events may wait for one subscriber; one that falls further behind is closed and resumes by version.</summary>
    [Range(4, 100_000)]
    public int SubscriberQueueCapacity { get; set; } = 256;

    /// <summary>The most streams this process holds at once; more get 503 with Retry-After (keep it below the open-file limit).</summary>
    [Range(1, 1_000_000)]
    public int MaxStreams { get; set; } = 15_000;

    /// <summary>
    /// The most streams client keys may hold at once, within <see cref="MaxStreams"/> (OFREP change streams from
    /// browsers): client keys are public, so they get a budget of their own and can never take the slots of SDKs and
    /// edges. Unset: a third of <see cref="MaxStreams"/> (5,000 of the default 15,000).
    /// </summary>
    [Range(0, 1_000_000)]
    public int? MaxClientKeyStreams { get; set; }

    /// <summary>The client keys' budget in effect: <see cref="MaxClientKeyStreams"/>, or a third of <see cref="MaxStreams"/>.</summary>
    public int ClientKeyStreamBudget => MaxClientKeyStreams ?? (MaxStreams / 3);

    /// <summary>The most streams one client key may hold at once, so one key (a leaked one, say) cannot take the whole client budget.</summary>
    [Range(1, 1_000_000)]
    public int MaxStreamsPerClientKey { get; set; } = 1_000;

    /// <summary>The Retry-After a refused stream is told, in seconds.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 5;

    /// <summary>How many recent versions each environment keeps in memory to resume streams by Last-Event-ID.</summary>
    [Range(0, 1_000_000)]
    public int RecentChanges { get; set; } = 1024;

    /// <summary>How long a request with Vexil-Min-Version waits for that version at most.</summary>
    [TimeSpanRange("00:00:00", "00:05:00")]
    public TimeSpan MinVersionWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often the keys of open streams are checked again (revoked on another replica, expired with no write), so
    /// such a key's streams end within this bound; a revocation here ends them at once.
    /// </summary>
    [TimeSpanRange("00:00:00.050", "00:05:00")]
    public TimeSpan KeyCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The reconnection delay suggested to stream clients (the SSE <c>retry:</c> field).</summary>
    [TimeSpanRange("00:00:00.010", "00:10:00")]
    public TimeSpan ClientRetry { get; set; } = TimeSpan.FromSeconds(1);
}
