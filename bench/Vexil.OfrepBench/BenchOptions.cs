using System.Globalization;

namespace Vexil.OfrepBench;

/// <summary>
/// wrk's duration per run, connections and threads, and how many interleaved single-flag rounds
/// (<c>--seconds 10 --connections 32 --threads 2 --rounds 5</c>), and which vexil answers: the all-in-one control
/// plane or an edge following it (<c>--target controlplane|edge</c>). <c>--compare DIR</c> also measures the control plane
/// built in DIR (its <c>vexil.dll</c>, e.g. the bench's output of an earlier commit) in the same interleaved rounds.
/// <c>--traced RATIO</c> runs this build's vexil with tracing on, sampling RATIO of the requests.
/// </summary>
internal sealed record BenchOptions(int Seconds, int Connections, int Threads, int Rounds = 5, string Target = "controlplane")
{
    /// <summary>The folder of another build's <c>vexil.dll</c> to measure side by side, or null.</summary>
    public string? Compare { get; init; }

    /// <summary>
    /// <c>--traced RATIO</c>: this build's vexil runs with tracing on (OTLP/HTTP to a sink that accepts and discards,
    /// <c>Vexil:Telemetry:SamplingRatio</c> RATIO); null: tracing off, as by default.
    /// </summary>
    public double? Traced { get; init; }

    public static BenchOptions Parse(string[] args)
    {
        int Read(string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        }

        var target = Array.IndexOf(args, "--target") is var t and >= 0 && t + 1 < args.Length ? args[t + 1] : "controlplane";
        var compare = Array.IndexOf(args, "--compare") is var c and >= 0 && c + 1 < args.Length ? Path.GetFullPath(args[c + 1]) : null;
        var traced = Array.IndexOf(args, "--traced") is var r and >= 0 && r + 1 < args.Length ? double.Parse(args[r + 1], CultureInfo.InvariantCulture) : (double?)null;
        var options = new BenchOptions(Read("--seconds", 10), Read("--connections", 32), Read("--threads", 2), Read("--rounds", 5), target) { Compare = compare, Traced = traced };
        if (traced is < 0 or > 1)
        {
            throw new ArgumentException("--traced RATIO needs a ratio from 0 to 1");
        }

        if (compare is not null && (target != "controlplane" || !File.Exists(Path.Combine(compare, "vexil.dll"))))
        {
            throw new ArgumentException("--compare DIR needs DIR/vexil.dll and --target controlplane");
        }

        if (options.Seconds is < 1 or > 300 || options.Connections is < 1 or > 1000 || options.Threads < 1 || options.Threads > options.Connections || options.Rounds is < 1 or > 50 || target is not ("controlplane" or "edge"))
        {
            throw new ArgumentException("--seconds 1..300, --connections 1..1000, --threads 1..connections, --rounds 1..50, --target controlplane or edge");
        }

        return options;
    }
}
