using System.Diagnostics;
using Vexil.Sdk;
using Vexil.Sdk.Configuration;

namespace Vexil.Cluster.Tests.Faults;

/// <summary>
/// A <see cref="VexilClient"/> streaming from one address and evaluating every flag in a loop on its own thread:
/// every evaluation must return at once, whatever the network does (last-known-good), and the version it serves
/// must never go back.
/// </summary>
internal sealed class SdkEvaluator(string name, Uri address, string key, IReadOnlyList<string> flags) : IEvaluatingClient, IAsyncDisposable
{
    private readonly VexilClient _client = new(new VexilOptions
    {
        SdkKey = key,
        BaseAddress = address,
        SendEvents = false,
        InitialReconnectDelay = TimeSpan.FromMilliseconds(200),
        MaxReconnectDelay = TimeSpan.FromSeconds(2),
        HeartbeatTimeout = TimeSpan.FromSeconds(35),

        // Stay on the stream: a long fault must not leave the client polling every 30 s at the end of a round.
        StreamFailuresBeforePolling = int.MaxValue,
        RequestTimeout = TimeSpan.FromSeconds(5),
    });

    private long _maxTicks;
    private long _lastVersion;

    public string Name { get; } = name;

    public long Evaluations;

    public long Failures;

    public long Backwards;

    public long Version => _client.Status.Version;

    public long EvaluationCount => Interlocked.Read(ref Evaluations);

    public long FailureCount => Interlocked.Read(ref Failures) + Interlocked.Read(ref Backwards);

    public TimeSpan MaxEvaluation => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _maxTicks));

    public Task<bool> WaitForInitializationAsync(CancellationToken cancellationToken) =>
        _client.WaitForInitializationAsync(TimeSpan.FromSeconds(60), cancellationToken);

    /// <summary>Evaluates until cancelled, on a dedicated thread (a blocked evaluation would show as a long one).</summary>
    public Task RunAsync(CancellationToken cancellationToken) => Task.Factory.StartNew(
        () =>
        {
            var i = 0;
            while (!cancellationToken.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    _client.GetBoolean(flags[i++ % flags.Count], defaultValue: false);
                    var version = _client.Status.Version;
                    if (version < _lastVersion)
                    {
                        Interlocked.Increment(ref Backwards);
                    }

                    _lastVersion = version;
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref Failures);
                }

                var elapsed = Stopwatch.GetTimestamp() - start;
                if (elapsed > Interlocked.Read(ref _maxTicks))
                {
                    Interlocked.Exchange(ref _maxTicks, elapsed);
                }

                Interlocked.Increment(ref Evaluations);
                // About a thousand evaluations a second per client: enough to catch a blocked one, little CPU.
                if (i % 4 == 0)
                {
                    Thread.Sleep(1);
                }
            }
        },
        cancellationToken,
        TaskCreationOptions.LongRunning,
        TaskScheduler.Default);

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
