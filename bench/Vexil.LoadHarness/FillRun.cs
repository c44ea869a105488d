using System.Diagnostics;
using System.Globalization;

namespace Vexil.LoadHarness;

/// <summary>
/// Writes against big environments through a real control-plane process (SQLite): filling an environment of N flags
/// through <c>…/apply</c> (one call, one transaction), then kill-switch writes acknowledged over HTTP in that
/// environment and, side by side, in one of 10 flags.
/// </summary>
internal static class FillRun
{
    public static async Task RunAsync(string[] args)
    {
        var flags = 10_000;
        var writes = 50;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--flags":
                    flags = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--writes":
                    writes = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        var root = Path.Combine(Path.GetTempPath(), "vexil-fill-" + Guid.NewGuid().ToString("N")[..8]);
        await using var controlPlane = await VexilNode.ControlPlaneAsync(Path.Combine(root, "cp"));
        using var admin = await AdminClient.LoginAsync(controlPlane.Address);
        Console.WriteLine($"fill: {Environment.ProcessorCount} cores, load average {Load()}");

        await admin.CreateProjectAsync("small");
        await admin.FillAsync("small", "production", 10);
        await admin.CreateProjectAsync("big");
        var filling = Stopwatch.StartNew();
        var version = await admin.FillAsync("big", "production", flags);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"filled production with {flags:N0} flags through one apply in {filling.Elapsed.TotalSeconds:F2} s (version {version}); control plane RSS {controlPlane.ResidentMiB():F0} MiB"));

        // Interleaved, so both sizes see the same machine.
        var small = new List<double>();
        var big = new List<double>();
        for (var w = 0; w < writes + 5; w++)
        {
            var s = await TimeAsync(admin, "small", AdminClient.FlagKey(5), w % 2 == 0);
            var b = await TimeAsync(admin, "big", AdminClient.FlagKey(flags / 2), w % 2 == 0);
            if (w >= 5)
            {
                small.Add(s);
                big.Add(b);
            }
        }

        var ratio = Percentiles.Of(big).P50 / Percentiles.Of(small).P50;
        Console.WriteLine($"kill switch over HTTP, 10 flags:     {Percentiles.Of(small)}");
        Console.WriteLine($"kill switch over HTTP, {flags:N0} flags: {Percentiles.Of(big)}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median ratio {ratio:F2} (target: at most 1.5); load average {Load()}"));
        Directory.Delete(root, recursive: true);
    }

    private static async Task<double> TimeAsync(AdminClient admin, string project, string flag, bool enabled)
    {
        var started = Stopwatch.GetTimestamp();
        await admin.ToggleAsync(project, flag, enabled);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
