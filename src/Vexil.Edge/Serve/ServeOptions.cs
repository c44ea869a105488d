using Vexil.Hosting.Configuration.Validation;

namespace Vexil.Edge.Serve;

/// <summary>
/// <c>vexil serve</c>'s settings (section <c>Vexil:Serve</c>; <c>--flags-file</c> adds to <see cref="FlagsFiles"/>,
/// <c>--keys-file</c> sets <see cref="KeysFile"/>), validated at start.
/// </summary>
// Settable, not init: the configuration binding generator (Native AOT) skips init-only properties without a word
// (dotnet/runtime#107856); OptionsBindingTests keeps it so.
internal sealed record ServeOptions
{
    public const string Section = "Vexil:Serve";

    /// <summary>flagd's OFREP port, on loopback.</summary>
    public const string DefaultListen = "http://127.0.0.1:8016";

    /// <summary>The flagd flag files, merged in order: a later file's flag replaces an earlier one with the same key.</summary>
    [MinimumCount(1, ErrorMessage = "vexil serve needs at least one --flags-file.")]
    public IReadOnlyList<string> FlagsFiles { get; set; } = [];

    /// <summary>The keys OFREP callers must present; none means no key is asked for (loopback only).</summary>
    public IReadOnlyList<string> Keys { get; set; } = [];

    /// <summary>A file with more keys, one per line (blank lines and <c>#</c> comments ignored).</summary>
    public string? KeysFile { get; set; }

    /// <summary>How long to wait after a file-system change before reloading, so that a save in several writes loads once.</summary>
    [TimeSpanRange("00:00:00", "00:01:00")]
    public TimeSpan ReloadDebounce { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often the files' size and time are checked, in case a file-system notification was missed.</summary>
    [TimeSpanRange("00:00:00.050", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Static context added to every evaluation, as flagd's <c>--context-value KEY=VALUE</c>
    /// (<c>Vexil:Serve:StaticContext:region=eu</c>): an attribute the request lacks is read from here.
    /// </summary>
    public IReadOnlyDictionary<string, string> StaticContext { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
