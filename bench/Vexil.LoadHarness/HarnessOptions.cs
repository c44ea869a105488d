using System.Globalization;

namespace Vexil.LoadHarness;

/// <summary>What to measure: subscriber counts, writes per count, flags for the idle-memory edge, and a hard time bound.</summary>
internal sealed record HarnessOptions
{
    public IReadOnlyList<int> Subscribers { get; init; } = [1, 1_000, 10_000];

    public int Writes { get; init; } = 20;

    public int Flags { get; init; } = 1_000;

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
                "--flags" => options with { Flags = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--max-seconds" => options with { MaxDuration = TimeSpan.FromSeconds(int.Parse(args[i + 1], CultureInfo.InvariantCulture)) },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        if (options.Subscribers.Any(n => n is < 1 or > 12_000))
        {
            throw new ArgumentException("subscribers must be between 1 and 12,000 (one process may hold at most 20,000 open files)");
        }

        return options;
    }
}
