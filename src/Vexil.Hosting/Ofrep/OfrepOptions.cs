using System.ComponentModel.DataAnnotations;
using Vexil.Hosting.Configuration.Validation;

namespace Vexil.Hosting.Ofrep;

/// <summary>OFREP settings (section <c>Vexil:Ofrep</c>); validated at start.</summary>
// Settable, not init: the configuration binding generator (Native AOT) skips init-only properties without a word
// (dotnet/runtime#107856); OptionsBindingTests keeps it so.
internal sealed record OfrepOptions
{
    public const string Section = "Vexil:Ofrep";

    /// <summary>Evaluation requests each SDK key may make per <see cref="RateLimitWindow"/>.</summary>
    [Range(1, 100_000_000)]
    public int RateLimitPermits { get; set; } = 10_000;

    /// <summary>The rate limit's fixed window.</summary>
    [TimeSpanRange("00:00:00.001", "01:00:00")]
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The window of the evaluation summaries a server makes of the evaluations it answers (usage, stale flags).</summary>
    [TimeSpanRange("00:00:00.050", "00:10:00")]
    public TimeSpan UsageInterval { get; set; } = TimeSpan.FromSeconds(10);
}
