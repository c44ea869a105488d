namespace Vexil.Flagd;

/// <summary>Options for <see cref="FlagdCompiler"/>.</summary>
public sealed record FlagdCompileOptions
{
    /// <summary>Options with the system clock, an empty environment key and version 0.</summary>
    public static FlagdCompileOptions Default { get; } = new();

    /// <summary>The clock behind <c>$flagd.timestamp</c> (Unix seconds, read at each evaluation).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The environment key of the compiled ruleset.</summary>
    public string Environment { get; init; } = string.Empty;

    /// <summary>The version of the compiled ruleset and of each of its flags.</summary>
    public long Version { get; init; }

    /// <summary>
    /// Static context added to every evaluation (flagd's <c>--context-value</c>, and what its sync stream injects):
    /// an attribute the request's context lacks is read from here; the request's own attributes win.
    /// </summary>
    public IReadOnlyDictionary<string, Vexil.Core.Context.ContextValue> StaticContext { get; init; } =
        new Dictionary<string, Vexil.Core.Context.ContextValue>(StringComparer.Ordinal);
}
