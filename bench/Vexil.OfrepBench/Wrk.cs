using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Vexil.OfrepBench;

/// <summary>Runs wrk with a Lua script that POSTs a body with headers, for a fixed time; parses req/s, p50 and p99.</summary>
internal static partial class Wrk
{
    public static async Task<WrkResult> RunAsync(Uri url, string body, IReadOnlyDictionary<string, string> headers, BenchOptions options)
    {
        var script = Path.GetTempFileName() + ".lua";
        var lua = new System.Text.StringBuilder();
        lua.AppendLine("wrk.method = \"POST\"");
        lua.AppendLine(CultureInfo.InvariantCulture, $"wrk.body = {Quote(body)}");
        foreach (var (name, value) in headers)
        {
            lua.AppendLine(CultureInfo.InvariantCulture, $"wrk.headers[{Quote(name)}] = {Quote(value)}");
        }

        await File.WriteAllTextAsync(script, lua.ToString());
        try
        {
            var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "-t", options.Threads.ToString(CultureInfo.InvariantCulture), "-c", options.Connections.ToString(CultureInfo.InvariantCulture), "-d", $"{options.Seconds}s", "--latency", "--timeout", "10s", "-s", script, url.ToString() })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start wrk");
            var output = await process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"wrk failed: {error}{output}");
            }

            return Parse(output);
        }
        finally
        {
            File.Delete(script);
        }
    }

    internal static WrkResult Parse(string output)
    {
        var rps = double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var non2xx = Non2xx().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return new WrkResult(rps, Percentile(output, "50"), Percentile(output, "99"), non2xx);
    }

    private static double Percentile(string output, string percentile)
    {
        var match = Regex.Match(output, $@"^\s*{percentile}(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline, TimeSpan.FromSeconds(1));
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "us" => value / 1000,
            "s" => value * 1000,
            _ => value,
        };
    }

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xx();
}

/// <summary>One wrk run: requests per second, median and 99th-percentile latency in milliseconds, non-2xx answers.</summary>
internal sealed record WrkResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Non2xx);
