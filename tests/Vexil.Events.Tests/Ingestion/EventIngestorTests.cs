using System.Text.Json;
using Vexil.Events.Bus;
using Vexil.Events.Ingestion;
using Vexil.Events.Tests.Infrastructure;

namespace Vexil.Events.Tests.Ingestion;

public sealed class EventIngestorTests
{
    private static readonly string ValidBody = Batches.Body("batch-1", [Batches.Summary("f", "on", 5, Batches.Noon)], [Batches.Exposure("f", "on", "u1", Batches.Noon)]);

    [Fact(Timeout = 10_000)]
    public async Task IngestAsync_ValidBatch_IsPublishedUnderItsIdWithTheBodyVerbatim()
    {
        var bus = new FakeMessageBus();
        var ingestor = Components.Ingestor(bus, time: new ManualTimeProvider(Batches.Noon));

        var result = await ingestor.IngestAsync("production", Batches.Utf8(ValidBody), EventSender.Server, TestContext.Current.CancellationToken);

        Assert.Equal(IngestStatus.Accepted, result.Status);
        Assert.Equal("batch-1", result.BatchId);
        Assert.Equal(2, result.ItemCount);
        var (topic, id, payload) = Assert.Single(bus.Published);
        Assert.Equal(BusTopics.Events, topic);
        Assert.Equal("production/batch-1", id);
        using var envelope = JsonDocument.Parse(payload);
        Assert.Equal("production", envelope.RootElement.GetProperty("environment").GetString());
        Assert.Equal(Batches.Noon.ToUnixTimeMilliseconds(), envelope.RootElement.GetProperty("receivedAt").GetInt64());
        Assert.Equal(ValidBody, envelope.RootElement.GetProperty("batch").GetRawText());
    }

    [Fact(Timeout = 10_000)]
    public async Task IngestAsync_InvalidBatch_PublishesNothingAndListsErrors()
    {
        var bus = new FakeMessageBus();
        var ingestor = Components.Ingestor(bus);
        var body = Batches.Body("b", [Batches.Summary("f", "on", 1, Batches.Noon), Batches.Summary("f", "on", -2, Batches.Noon)]);

        var result = await ingestor.IngestAsync("production", Batches.Utf8(body), EventSender.Server, TestContext.Current.CancellationToken);

        Assert.Equal(IngestStatus.Invalid, result.Status);
        Assert.Equal(new EventValidationError("summaries[1].count", "must be a positive integer"), Assert.Single(result.Errors));
        Assert.Empty(bus.Published);
    }

    [Fact(Timeout = 10_000)]
    public async Task IngestAsync_BodyOverTheLimit_IsTooLarge()
    {
        var bus = new FakeMessageBus();
        var ingestor = Components.Ingestor(bus, EventsOptions.Default with { MaxBodyBytes = 1024 });
        var body = Batches.Body("b", Enumerable.Repeat(Batches.Summary("f", "on", 1, Batches.Noon), 20));

        var fromMemory = await ingestor.IngestAsync("production", Batches.Utf8(body), EventSender.Server, TestContext.Current.CancellationToken);
        var fromStream = await ingestor.IngestAsync("production", new MemoryStream(Batches.Utf8(body)), EventSender.Server, TestContext.Current.CancellationToken);

        Assert.Equal(IngestStatus.TooLarge, fromMemory.Status);
        Assert.Equal(IngestStatus.TooLarge, fromStream.Status);
        Assert.Empty(bus.Published);
    }

    [Fact(Timeout = 10_000)]
    public async Task IngestAsync_FromStream_ReadsTheWholeBody()
    {
        var bus = new FakeMessageBus();
        var ingestor = Components.Ingestor(bus);
        var body = Batches.Body("b", Enumerable.Repeat(Batches.Summary("f", "on", 1, Batches.Noon), 1000));

        var result = await ingestor.IngestAsync("production", new MemoryStream(Batches.Utf8(body)), EventSender.Server, TestContext.Current.CancellationToken);

        Assert.Equal(IngestStatus.Accepted, result.Status);
        Assert.Equal(1000, result.ItemCount);
    }

    [Fact(Timeout = 10_000)]
    public async Task IngestAsync_BusDown_IsUnavailableSoTheSenderRetries()
    {
        var bus = new FakeMessageBus { Unavailable = true };
        var ingestor = Components.Ingestor(bus);

        var result = await ingestor.IngestAsync("production", Batches.Utf8(ValidBody), EventSender.Server, TestContext.Current.CancellationToken);

        Assert.Equal(IngestStatus.Unavailable, result.Status);
        Assert.Equal("batch-1", result.BatchId);
    }
}
