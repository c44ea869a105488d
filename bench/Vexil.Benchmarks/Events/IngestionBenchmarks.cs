using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Vexil.Events;
using Vexil.Events.Bus;
using Vexil.Events.Bus.Nats;
using Vexil.Events.Bus.Sqlite;
using Vexil.Events.Ingestion;

namespace Vexil.Benchmarks.Events;

/// <summary>
/// Batch validation and enqueue, one batch of 1,000 items per operation: items per second = 1,000 / mean. A summary
/// stands for many evaluations (here 100 each). <see cref="Bus"/>: the in-process bus (SQLite, WAL, fsync on every
/// commit) or NATS JetStream (a real nats-server started here, file storage, on loopback).
/// </summary>
[Config(typeof(BenchConfig))]
public class IngestionBenchmarks
{
    private const int Items = 1000;
    private const string IdPlaceholder = "00000000000000000000";

    private string _directory = null!;
    private IMessageBus _bus = null!;
    private NatsServerProcess? _nats;
    private EventIngestor _ingestor = null!;
    private byte[] _summaries = null!;
    private byte[] _exposures = null!;
    private byte[] _small = null!;
    private int _summaryIdOffset;
    private int _exposureIdOffset;
    private long _next;

    [Params("embedded", "nats")]
    public string Bus { get; set; } = "embedded";

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "vexil-bench-" + Guid.NewGuid().ToString("N"));
        if (Bus == "nats")
        {
            _nats = NatsServerProcess.Start();
            _bus = new NatsMessageBus(new NatsBusOptions { Url = _nats.Url }, TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(30));
        }
        else
        {
            _bus = new SqliteMessageBus(Path.Combine(_directory, "queue.db"), TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(30), TimeProvider.System);
        }

        _ingestor = new EventIngestor(_bus, EventsOptions.Default, TimeProvider.System, new EventsMetrics(null), NullLogger<EventIngestor>.Instance);
        var start = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        _summaries = Body(i => $$"""{"flag":"flag-{{i % 50}}","variation":"{{(i % 2 == 0 ? "on" : "off")}}","version":7,"count":100,"start":"{{Time(start)}}","end":"{{Time(start.AddMinutes(1))}}"}""", "summaries");
        _exposures = Body(i => $$"""{"flag":"flag-{{i % 50}}","variation":"b","version":3,"targetingKey":"user-{{i}}","at":"{{Time(start.AddMilliseconds(i))}}"}""", "exposures");
        _small = Body(i => $$"""{"flag":"flag-{{i % 50}}","variation":"b","version":3,"targetingKey":"user-{{i}}","at":"{{Time(start.AddMilliseconds(i))}}"}""", "exposures", 100);
        _summaryIdOffset = IndexOf(_summaries);
        _exposureIdOffset = IndexOf(_exposures);
        Console.WriteLine($"// summaries batch: {_summaries.Length:N0} bytes; exposures batch: {_exposures.Length:N0} bytes");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _bus.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _nats?.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Benchmark(Description = "validate 1,000 summaries")]
    public bool ValidateSummaries() => EventBatchReader.Read(_summaries, 10_000).IsValid;

    [Benchmark(Description = "validate 1,000 exposures")]
    public bool ValidateExposures() => EventBatchReader.Read(_exposures, 10_000).IsValid;

    [Benchmark(Description = "validate + durably enqueue 1,000 summaries")]
    public Task<IngestResult> IngestSummaries() => _ingestor.IngestAsync("production", NextId(_summaries, _summaryIdOffset), EventSender.Server, CancellationToken.None);

    [Benchmark(Description = "validate + durably enqueue 1,000 exposures")]
    public Task<IngestResult> IngestExposures() => _ingestor.IngestAsync("production", NextId(_exposures, _exposureIdOffset), EventSender.Server, CancellationToken.None);

    /// <summary>16 senders at once (100 exposures each, 1,600 per operation): group commit shares one fsync among them.</summary>
    [Benchmark(Description = "16 concurrent senders x 100 exposures (validate + enqueue)")]
    public Task ConcurrentSenders()
    {
        var sends = new Task[16];
        for (var i = 0; i < sends.Length; i++)
        {
            var body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(_small).Replace(IdPlaceholder, (++_next).ToString("D20", CultureInfo.InvariantCulture), StringComparison.Ordinal));
            sends[i] = Task.Run(() => _ingestor.IngestAsync("production", body, EventSender.Server, CancellationToken.None));
        }

        return Task.WhenAll(sends);
    }

    private byte[] NextId(byte[] body, int offset)
    {
        var id = (++_next).ToString("D20", CultureInfo.InvariantCulture);
        Encoding.ASCII.GetBytes(id, body.AsSpan(offset, IdPlaceholder.Length));
        return body;
    }

    private static byte[] Body(Func<int, string> item, string field, int items = Items)
    {
        var builder = new StringBuilder($$"""{"id":"{{IdPlaceholder}}","sdk":"vexil-dotnet/1.0.0","{{field}}":[""");
        for (var i = 0; i < items; i++)
        {
            builder.Append(i == 0 ? "" : ",").Append(item(i));
        }

        return Encoding.UTF8.GetBytes(builder.Append("]}").ToString());
    }

    private static int IndexOf(byte[] body) => body.AsSpan().IndexOf(Encoding.ASCII.GetBytes(IdPlaceholder));

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
