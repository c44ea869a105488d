using System.Globalization;

namespace Vexil.Testing.Fuzzing;

/// <summary>
/// How long each fuzz property runs: a bounded number of inputs in the test command, or
/// <c>VEXIL_FUZZ_SECONDS</c> seconds each when <c>scripts/fuzz.sh</c> runs them for longer.
/// </summary>
public static class FuzzBudget
{
    /// <summary>Seconds per property from <c>VEXIL_FUZZ_SECONDS</c>, or -1 (CsCheck: count inputs instead).</summary>
    public static int Seconds =>
        int.TryParse(Environment.GetEnvironmentVariable("VEXIL_FUZZ_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? seconds : -1;

    /// <summary>Inputs per property: <paramref name="inTests"/> in the test command, unbounded when timed.</summary>
    public static long Iterations(long inTests) => Seconds > 0 ? long.MaxValue : inTests;

    /// <summary>A line for the test output and the fuzz script's summary: what ran and how it went.</summary>
    public static string Report(string parser, FuzzCounts counts) =>
        string.Create(CultureInfo.InvariantCulture, $"fuzz {parser}: {counts.Tried} inputs, {counts.Accepted} accepted, {counts.Tried - counts.Accepted} refused, 0 failures");
}
