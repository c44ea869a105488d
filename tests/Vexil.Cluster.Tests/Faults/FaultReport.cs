using System.Text;

namespace Vexil.Cluster.Tests.Faults;

/// <summary>The table the suite prints: each round's fault and the invariants checked after it, then the final checks.</summary>
internal sealed class FaultReport
{
    private readonly List<Row> _rows = [];
    private readonly List<(string Invariant, bool Held, string Detail)> _final = [];
    private readonly List<string> _notes = [];

    public bool Passed => _rows.All(r => r.Passed) && _final.All(f => f.Held);

    public void Add(Row row) => _rows.Add(row);

    /// <summary>Writes a report to bin/…/TestResults/<paramref name="name"/> too (the runner shows a passing test's output only on request).</summary>
    public static void Save(string name, string text)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, name), text);
    }

    public void Final(string invariant, bool held, string detail) => _final.Add((invariant, held, detail));

    /// <summary>An observation that is not an invariant (a finding to report, not a failure).</summary>
    public void Note(string text) => _notes.Add(text);

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine("| round | fault injected | converged after (s) | invariants held | traffic during the round |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var row in _rows)
        {
            text.AppendLine($"| {row.Round} | {row.Fault} | {row.Converged.TotalSeconds:0.0} | {row.Checks.Count(c => c.Held)}/{row.Checks.Count} | {row.Details} |");
        }

        text.AppendLine();
        text.AppendLine("Invariants checked after every round:");
        foreach (var invariant in _rows.SelectMany(r => r.Checks).Select(c => c.Invariant).Distinct())
        {
            var broken = _rows.SelectMany(r => r.Checks.Where(c => c.Invariant == invariant && !c.Held).Select(c => $"round {r.Round}: {c.Detail}")).ToList();
            text.AppendLine(broken.Count == 0 ? $"  held    {invariant}" : $"  BROKEN  {invariant}: {string.Join(" | ", broken)}");
        }

        text.AppendLine("At the end:");
        foreach (var (invariant, held, detail) in _final)
        {
            text.AppendLine($"  {(held ? "held  " : "BROKEN")}  {invariant}: {detail}");
        }

        foreach (var note in _notes)
        {
            text.AppendLine($"Observed: {note}");
        }

        return text.ToString();
    }

    /// <summary>One round: its fault and every invariant checked after it.</summary>
    internal sealed class Row(int round, string fault)
    {
        public int Round { get; } = round;

        public string Fault { get; } = fault;

        public TimeSpan Converged { get; set; }

        public string Details { get; set; } = string.Empty;

        public List<(string Invariant, bool Held, string Detail)> Checks { get; } = [];

        public bool Passed => Checks.All(c => c.Held);

        public void Check(string invariant, bool held, string detail) => Checks.Add((invariant, held, detail));

        public override string ToString() =>
            $"round {Round}: {Fault}; converged after {Converged.TotalSeconds:0.0} s; {Checks.Count(c => c.Held)}/{Checks.Count} invariants held; {Details}" +
            string.Concat(Checks.Where(c => !c.Held).Select(c => $"\n  BROKEN {c.Invariant}: {c.Detail}"));
    }
}
