using System.Globalization;

namespace Vexil.OfrepBench;

/// <summary>wrk's duration per run, connections and threads (<c>--seconds 10 --connections 32 --threads 2</c>).</summary>
internal sealed record BenchOptions(int Seconds, int Connections, int Threads)
{
    public static BenchOptions Parse(string[] args)
    {
        int Read(string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        }

        var options = new BenchOptions(Read("--seconds", 10), Read("--connections", 32), Read("--threads", 2));
        if (options.Seconds is < 1 or > 300 || options.Connections is < 1 or > 1000 || options.Threads < 1 || options.Threads > options.Connections)
        {
            throw new ArgumentException("--seconds 1..300, --connections 1..1000, --threads 1..connections");
        }

        return options;
    }
}
