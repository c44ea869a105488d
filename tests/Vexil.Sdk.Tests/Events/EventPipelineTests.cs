using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Vexil.Core.Context;
using Vexil.Sdk.Tests.Infrastructure;

namespace Vexil.Sdk.Tests.Events;

public sealed class EventPipelineTests
{
    [Fact(Timeout = 20_000)]
    public async Task Summaries_count_evaluations_per_flag_variation_and_version()
    {
        await using var server = await DeliveryTestServer.StartAsync(3, TestFlags.Boolean("a", true), TestFlags.String("b", "x"));
        await using var client = new VexilClient(TestClients.Options(server) with { SendEvents = true, EventsFlushInterval = TimeSpan.FromHours(1) });
        Assert.True(await client.WaitForInitializationAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        var context = EvaluationContext.CreateBuilder("user-1").Build();
        for (var i = 0; i < 5; i++)
        {
            client.GetBoolean("a", false, context);
        }

        client.GetString("b", "d");
        client.GetBoolean("missing", false);

        client.Events!.CloseWindow();
        Assert.True(await client.Events.SendAsync(TestContext.Current.CancellationToken));

        var body = Assert.Single(server.EventBodies);
        using var document = JsonDocument.Parse(body);
        Assert.True(Guid.TryParse(document.RootElement.GetProperty("id").GetString(), out _));
        var summaries = document.RootElement.GetProperty("summaries").EnumerateArray()
            .ToDictionary(s => s.GetProperty("flag").GetString()!, s => (Variation: s.GetProperty("variation").GetString(), Count: s.GetProperty("count").GetInt64(), Version: s.GetProperty("version").GetInt64()));
        Assert.Equal(("on", 5L, 3L), summaries["a"]);
        Assert.Equal(("v", 1L, 3L), summaries["b"]);
        Assert.Equal(2, summaries.Count);
    }

    [Fact(Timeout = 20_000)]
    public async Task Evaluations_that_served_the_callers_default_are_summarised_with_a_null_variation()
    {
        await using var server = await DeliveryTestServer.StartAsync(3, TestFlags.Boolean("a", true));
        await using var client = new VexilClient(TestClients.Options(server) with { SendEvents = true, EventsFlushInterval = TimeSpan.FromHours(1) });
        Assert.True(await client.WaitForInitializationAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        client.GetBoolean("a", false);
        Assert.Equal("fallback", client.GetString("a", "fallback")); // a type mismatch serves the default
        Assert.Equal("fallback", client.GetString("a", "fallback"));

        client.Events!.CloseWindow();
        Assert.True(await client.Events.SendAsync(TestContext.Current.CancellationToken));

        using var document = JsonDocument.Parse(Assert.Single(server.EventBodies));
        var summaries = document.RootElement.GetProperty("summaries").EnumerateArray()
            .Select(s => (Kind: s.GetProperty("variation").ValueKind, Variation: s.GetProperty("variation").ValueKind == JsonValueKind.String ? s.GetProperty("variation").GetString() : null, Count: s.GetProperty("count").GetInt64()))
            .OrderBy(s => s.Variation ?? string.Empty, StringComparer.Ordinal)
            .ToList();
        Assert.Equal([(JsonValueKind.Null, (string?)null, 2L), (JsonValueKind.String, "on", 1L)], summaries);
    }

    [Fact(Timeout = 20_000)]
    public async Task Counts_made_before_an_update_are_reported_with_the_version_they_were_made_on()
    {
        await using var server = await DeliveryTestServer.StartAsync(3, TestFlags.Boolean("a", true));
        await using var client = new VexilClient(TestClients.Options(server) with { SendEvents = true, EventsFlushInterval = TimeSpan.FromHours(1) });
        Assert.True(await client.WaitForInitializationAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        client.GetBoolean("a", false);
        client.GetBoolean("a", false);
        server.SetFlag(TestFlags.Boolean("a", false));
        await Eventually.True(() => client.Ruleset.Version == 4, "the change arrives");
        client.GetBoolean("a", true);

        client.Events!.CloseWindow();
        Assert.True(await client.Events.SendAsync(TestContext.Current.CancellationToken));

        using var document = JsonDocument.Parse(Assert.Single(server.EventBodies));
        var summaries = document.RootElement.GetProperty("summaries").EnumerateArray()
            .Select(s => (s.GetProperty("variation").GetString(), s.GetProperty("version").GetInt64(), s.GetProperty("count").GetInt64()))
            .Order()
            .ToList();
        Assert.Equal([("off", 4L, 1L), ("on", 3L, 2L)], summaries);
    }

    [Fact(Timeout = 20_000)]
    public async Task When_the_events_endpoint_fails_memory_stays_bounded_and_evaluation_goes_on()
    {
        const int cap = 50;
        var flags = Enumerable.Range(0, 40).Select(i => TestFlags.Boolean("flag-" + i, true)).ToArray();
        await using var server = await DeliveryTestServer.StartAsync(1, flags);
        server.EventsStatus = StatusCodes.Status500InternalServerError;
        await using var client = new VexilClient(TestClients.Options(server) with
        {
            SendEvents = true,
            EventsFlushInterval = TimeSpan.FromHours(1),
            MaxBufferedSummaries = cap,
            MaxSummariesPerBatch = 20,
        });
        Assert.True(await client.WaitForInitializationAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        var buffer = client.Events!.Buffer;

        for (var window = 0; window < 10; window++)
        {
            for (var i = 0; i < 40; i++)
            {
                Assert.True(client.GetBoolean("flag-" + i, false));
            }

            client.Events.CloseWindow();
            Assert.True(buffer.Count <= cap, $"buffered {buffer.Count} > {cap}");
            Assert.False(await client.Events.SendAsync(TestContext.Current.CancellationToken));
            Assert.True(buffer.Count <= cap, $"buffered {buffer.Count} > {cap}");
        }

        Assert.Equal(cap, buffer.HighWater);
        Assert.Equal((10 * 40) - cap, buffer.Dropped);
        Assert.Equal(10, server.EventRequests);

        // The endpoint recovers: what is left is delivered, in batches.
        server.EventsStatus = StatusCodes.Status202Accepted;
        Assert.True(await client.Events.SendAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, buffer.Count);
        Assert.Equal(3, server.EventBodies.Count);
    }

    [Fact(Timeout = 20_000)]
    public async Task A_failed_batch_is_retried_with_the_same_id()
    {
        await using var server = await DeliveryTestServer.StartAsync(1, TestFlags.Boolean("a", true));
        server.EventsStatus = StatusCodes.Status503ServiceUnavailable;
        await using var client = new VexilClient(TestClients.Options(server) with { SendEvents = true, EventsFlushInterval = TimeSpan.FromHours(1) });
        Assert.True(await client.WaitForInitializationAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        client.GetBoolean("a", false);
        client.Events!.CloseWindow();
        Assert.False(await client.Events.SendAsync(TestContext.Current.CancellationToken));
        server.EventsStatus = StatusCodes.Status202Accepted;
        client.Events.CloseWindow(); // nothing new
        Assert.True(await client.Events.SendAsync(TestContext.Current.CancellationToken));
        var delivered = Assert.Single(server.EventBodies);
        Assert.Equal(2, server.EventAttempts.Count);
        Assert.Equal(BatchId(server.EventAttempts[0]), BatchId(delivered));
    }

    private static string? BatchId(string body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("id").GetString();
    }
}
