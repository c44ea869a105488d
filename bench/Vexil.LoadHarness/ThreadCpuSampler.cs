using System.Collections.Concurrent;

namespace Vexil.LoadHarness;

/// <summary>
/// CPU time of one process's threads whose name starts with a prefix (e.g. the runtime's ".NET Tiered Compilation"
/// thread, which comes and goes), sampled every 50 ms (names read once per thread) so that a thread that ends keeps what it had used.
/// </summary>
internal sealed class ThreadCpuSampler : IDisposable
{
    private readonly int _processId;
    private readonly string _prefix;
    private readonly ConcurrentDictionary<string, TimeSpan> _seen = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _matches = new(StringComparer.Ordinal);
    private readonly Timer _timer;

    public ThreadCpuSampler(int processId, string prefix)
    {
        _processId = processId;
        _prefix = prefix;
        Sample();
        _timer = new Timer(_ => Sample(), null, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(50));
    }

    /// <summary>The CPU time all matching threads have used, as far as seen (sampled once more now).</summary>
    public TimeSpan Total
    {
        get
        {
            Sample();
            return _seen.Values.Aggregate(TimeSpan.Zero, (sum, t) => sum + t);
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{_processId}/task"))
            {
                try
                {
                    if (_matches.GetOrAdd(task, t => File.ReadAllText(Path.Combine(t, "comm")).StartsWith(_prefix, StringComparison.Ordinal)))
                    {
                        var used = VexilNode.CpuTimeOf(Path.Combine(task, "stat"));
                        _seen.AddOrUpdate(task, used, (_, before) => used > before ? used : before);
                    }
                }
                catch (IOException)
                {
                    // the thread ended between listing and reading
                }
            }
        }
        catch (IOException)
        {
            // the process ended
        }
    }
}
