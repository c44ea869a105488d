using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vexil.Events.Hosting;
using Vexil.Events.Ingestion;
using Vexil.Events.Insights;
using Vexil.Events.Tests.Infrastructure;
using Vexil.Events.Webhooks;

namespace Vexil.Events.Tests.Hosting;

public sealed class EventsServiceCollectionExtensionsTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact(Timeout = 30_000)]
    public async Task AddVexilEvents_InAHost_IngestedBatchesShowUpInInsights()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddVexilEvents(new EventsOptions { DataDirectory = _directory.Path });
        using var host = builder.Build();
        await host.StartAsync(ct);

        var ingestor = host.Services.GetRequiredService<IEventIngestor>();
        var body = Batches.Body("b-1", [Batches.Summary("new-checkout", "on", 1250, Batches.Noon)]);
        var result = await ingestor.IngestAsync("production", new MemoryStream(Batches.Utf8(body)), EventSender.Server, ct);
        var insights = host.Services.GetRequiredService<FlagInsights>();

        Assert.Equal(IngestStatus.Accepted, result.Status);
        Assert.True(await Eventually.HoldsAsync(
            async () => (await insights.GetUsageAsync("production", "new-checkout", Batches.Noon, Batches.Noon.AddHours(1), UsageGranularity.Hour, ct)).Count == 1,
            TimeSpan.FromSeconds(10),
            ct));
        Assert.NotNull(host.Services.GetRequiredService<WebhookPublisher>());
        await host.StopAsync(ct);
    }

    [Fact]
    public void AddVexilEvents_InvalidOptions_ThrowsListingEveryProblem()
    {
        var services = new ServiceCollection();
        var options = new EventsOptions { MaxItems = 0, StaleAfter = TimeSpan.Zero, Nats = new NatsBusOptions { Url = "not a url" } };

        var error = Assert.Throws<ArgumentException>(() => services.AddVexilEvents(options));

        Assert.Contains("MaxItems", error.Message, StringComparison.Ordinal);
        Assert.Contains("StaleAfter", error.Message, StringComparison.Ordinal);
        Assert.Contains("Nats.Url", error.Message, StringComparison.Ordinal);
    }
}
