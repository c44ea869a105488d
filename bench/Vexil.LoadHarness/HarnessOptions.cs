using System.Globalization;

namespace Vexil.LoadHarness;

/// <summary>What to measure: subscriber counts, writes per count, flags for the idle-memory edge, and a hard time bound.</summary>
internal sealed record HarnessOptions
{
    public IReadOnlyList<int> Subscribers { get; init; } = [1, 1_000, 10_000];

    public int Writes { get; init; } = 20;

    public int Flags { get; init; } = 1_000;

    /// <summary>
    /// Flags in the measured environment (<c>--env-flags</c>; 0 for the one-flag environment). Above 0 it is filled
    /// through <c>…/apply</c> with flags shaped like real ones, each write toggles one of them, and the subscribers
    /// resume by <c>Last-Event-ID</c> (a 10,000-flag ruleset is 7 MB: 10,000 first connections would move 70 GB).
    /// </summary>
    public int EnvironmentFlags { get; init; }

    /// <summary>Writes before the measured ones at each subscriber count, so both processes are past JIT tiering.</summary>
    public int Warmup { get; init; } = 10;

    /// <summary>Threads (one epoll each) that serve the subscribers' sockets.</summary>
    public int ReceiveLoops { get; init; } = 2;

    /// <summary>
    /// How long a receive loop pauses after a wake-up that found sockets ready, so that the next one finds many
    /// (<c>--coalesce-ms</c>, 0 for none). Arrival stamps are late by at most this much, never early.
    /// </summary>
    public TimeSpan ReceiveCoalesce { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Extra environment variables for the measured edge (<c>--edge-env NAME=VALUE</c>, repeatable), to try runtime or Kestrel settings.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> EdgeEnvironment { get; init; } = [];

    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromMinutes(10);

    public static HarnessOptions Parse(string[] args)
    {
        var options = new HarnessOptions();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options = args[i] switch
            {
                "--subscribers" => options with { Subscribers = [.. args[i + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))] },
                "--writes" => options with { Writes = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--edge-env" => options with { EdgeEnvironment = [.. options.EdgeEnvironment, Split(args[i + 1])] },
                "--warmup" => options with { Warmup = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--receive-loops" => options with { ReceiveLoops = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--coalesce-ms" => options with { ReceiveCoalesce = TimeSpan.FromMilliseconds(double.Parse(args[i + 1], CultureInfo.InvariantCulture)) },
                "--env-flags" => options with { EnvironmentFlags = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--flags" => options with { Flags = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--max-seconds" => options with { MaxDuration = TimeSpan.FromSeconds(int.Parse(args[i + 1], CultureInfo.InvariantCulture)) },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        if (options.ReceiveLoops is < 1 or > 64 || options.Warmup < 0 || options.Writes < 1 || options.EnvironmentFlags is < 0 or > 50_000 || options.ReceiveCoalesce < TimeSpan.Zero || options.ReceiveCoalesce > TimeSpan.FromMilliseconds(10))
        {
            throw new ArgumentException("--receive-loops must be 1 to 64, --warmup 0 or more, --writes 1 or more, --env-flags 0 to 50,000, --coalesce-ms 0 to 10");
        }

        if (options.Subscribers.Any(n => n is < 1 or > 12_000))
        {
            throw new ArgumentException("subscribers must be between 1 and 12,000 (one process may hold at most 20,000 open files)");
        }

        return options;
    }

    private static KeyValuePair<string, string> Split(string assignment)
    {
        var equals = assignment.IndexOf('=', StringComparison.Ordinal);
        return equals > 0 ? new(assignment[..equals], assignment[(equals + 1)..]) : throw new ArgumentException($"--edge-env wants NAME=VALUE, not {assignment}");
    }
}
