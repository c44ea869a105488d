using System.ComponentModel.DataAnnotations;
using Vexil.Hosting.Configuration.Validation;

namespace Vexil.Edge.Events;

/// <summary>
/// How an edge spools and forwards event batches (section <c>Vexil:Edge:Events</c>), validated at start. The spool is
/// <c>events-spool.db</c> in the edge's data folder; once it holds <see cref="SpoolMaxBatches"/> batches or
/// <see cref="SpoolMaxBytes"/> bytes, senders get 503 with Retry-After and the edge's own summaries are dropped
/// (counted and logged): nothing the edge acknowledged is ever thrown away.
/// </summary>
// Settable, not init: the configuration binding generator (Native AOT) skips init-only properties without a word
// (dotnet/runtime#107856); OptionsBindingTests keeps it so.
internal sealed record EdgeEventsOptions
{
    public const string Section = "Vexil:Edge:Events";

    /// <summary>The most batches the spool holds.</summary>
    [Range(1, 10_000_000)]
    public int SpoolMaxBatches { get; set; } = 100_000;

    /// <summary>The most bytes of batches the spool holds (256 MiB by default).</summary>
    [Range(64L * 1024, 1024L * 1024 * 1024 * 1024)]
    public long SpoolMaxBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>How many batches are sent upstream at once.</summary>
    [Range(1, 256)]
    public int ForwardConcurrency { get; set; } = 8;

    /// <summary>The bound on one forwarding request.</summary>
    [TimeSpanRange("00:00:00.100", "00:10:00")]
    public TimeSpan ForwardTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The first pause after a failed forward; it doubles (with jitter) up to <see cref="RetryMaxDelay"/>.</summary>
    [TimeSpanRange("00:00:00.010", "00:01:00")]
    public TimeSpan RetryMinDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    [TimeSpanRange("00:00:00.010", "01:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The window of the edge's own OFREP evaluation summaries.</summary>
    [TimeSpanRange("00:00:00.100", "01:00:00")]
    public TimeSpan SummaryInterval { get; set; } = TimeSpan.FromSeconds(10);
}
