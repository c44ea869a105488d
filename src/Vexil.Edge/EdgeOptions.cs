using System.ComponentModel.DataAnnotations;
using Vexil.Hosting.Configuration.Validation;

namespace Vexil.Edge;

/// <summary>
/// The edge's settings (section <c>Vexil:Edge</c>; <c>--upstream</c> sets <see cref="Upstream"/>), validated at start.
/// Server keys come from configuration, environment variables (<c>Vexil__Edge__Keys__0</c>) or <see cref="KeysFile"/>,
/// so no secret needs to be on the command line.
/// </summary>
// Settable, not init: the configuration binding generator (Native AOT) skips init-only properties without a word
// (dotnet/runtime#107856); OptionsBindingTests keeps it so.
internal sealed record EdgeOptions
{
    public const string Section = "Vexil:Edge";

    /// <summary>The upstream: the control plane or another edge.</summary>
    [Required]
    [Url]
    public string Upstream { get; set; } = string.Empty;

    /// <summary>
    /// A PEM file of the CA(s) that sign the upstream's HTTPS certificate; when set, only these are trusted for the
    /// upstream (not the system store), and a certificate that does not chain to them is refused and logged.
    /// </summary>
    public string? UpstreamCaFile { get; set; }

    /// <summary>The server keys of the environments this edge serves (and the only keys it accepts).</summary>
    public IReadOnlyList<string> Keys { get; set; } = [];

    /// <summary>A file with more server keys, one per line (blank lines and <c>#</c> comments ignored).</summary>
    public string? KeysFile { get; set; }

    /// <summary>Where each environment's last-known-good ruleset is kept.</summary>
    [Required]
    public string DataDirectory { get; set; } = "edge-data";

    /// <summary>The first reconnection delay; it doubles (with jitter) up to <see cref="ReconnectMaxDelay"/>.</summary>
    [TimeSpanRange("00:00:00.010", "00:01:00")]
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    [TimeSpanRange("00:00:00.010", "00:10:00")]
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An upstream stream silent this long (no event, no heartbeat) is taken for dead and reconnected.</summary>
    [TimeSpanRange("00:00:00.100", "01:00:00")]
    public TimeSpan UpstreamIdleTimeout { get; set; } = TimeSpan.FromSeconds(35);

    /// <summary>
    /// Kestrel's <c>UnsafePreferInlineScheduling</c>: socket I/O continues inline instead of hopping to the thread pool.
    /// Safe here because nothing an edge runs per request blocks; it cuts fan-out latency to many streams.
    /// </summary>
    public bool InlineSocketScheduling { get; set; } = true;

    /// <summary>
    /// How often, at most, the edge asks its upstream for the client keys of its environments (a 304 when unchanged); each
    /// interval is a random point between half and all of it, so edges restarted together spread out.
    /// </summary>
    [TimeSpanRange("00:00:00.050", "00:10:00")]
    public TimeSpan ClientKeyRefresh { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The bound on one whole-ruleset request to the upstream.</summary>
    [TimeSpanRange("00:00:00.100", "00:10:00")]
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
