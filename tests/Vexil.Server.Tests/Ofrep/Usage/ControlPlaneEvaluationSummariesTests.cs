using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Vexil.Core.Compilation;
using Vexil.Core.Context;
using Vexil.Events.Bus;
using Vexil.Server.Ofrep.Usage;

namespace Vexil.Server.Tests.Ofrep.Usage;

/// <summary>The control plane's own evaluation summaries: what reaches the bus, and what happens while it refuses.</summary>
public sealed class ControlPlaneEvaluationSummariesTests
{
    [Fact(Timeout = 30_000)]
    public async Task Flush_WhileTheBusRefuses_KeepsTheBatch_AndSendsItAgainUnderTheSameIdWithTheNextWindow()
    {
        var bus = new RecordingBus { Refusing = true };
        var summaries = Create(bus);
        var ruleset = Compile();
        var on = ruleset.Evaluate("f", EvaluationContext.Empty);
        for (var i = 0; i < 5; i++)
        {
            summaries.For(7).Record(in on);
        }

        await summaries.FlushAsync(TestContext.Current.CancellationToken);
        Assert.Empty(bus.Published);
        var refusedId = Assert.Single(bus.Refused);

        bus.Refusing = false;
        summaries.For(7).Record(in on);
        await summaries.FlushAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, bus.Published.Count);
        Assert.Equal(refusedId, bus.Published[0].MessageId);
        Assert.StartsWith("7/cp-", refusedId, StringComparison.Ordinal);
        Assert.Equal([5L, 1L], bus.Published.Select(p => Count(p.Payload)));
        Assert.All(bus.Published, p => Assert.Equal(BusTopics.Events, p.Topic));
    }

    [Fact(Timeout = 30_000)]
    public async Task Flush_WhenTheBusRefusesForTooLong_DropsTheOldestBatches_KeepingABoundedBacklog()
    {
        var bus = new RecordingBus { Refusing = true };
        var summaries = Create(bus);
        var on = Compile().Evaluate("f", EvaluationContext.Empty);
        for (var window = 0; window < ControlPlaneEvaluationSummaries.MaxPending + 3; window++)
        {
            summaries.For(7).Record(in on);
            await summaries.FlushAsync(TestContext.Current.CancellationToken);
        }

        bus.Refusing = false;
        await summaries.FlushAsync(TestContext.Current.CancellationToken);

        Assert.Equal(ControlPlaneEvaluationSummaries.MaxPending, bus.Published.Count);
        Assert.Equal(ControlPlaneEvaluationSummaries.MaxPending, bus.Published.Select(p => p.MessageId).Distinct().Count());
        Assert.DoesNotContain(bus.Refused[0], bus.Published.Select(p => p.MessageId)); // the first window was dropped
    }

    [Fact(Timeout = 30_000)]
    public async Task Flush_DefaultServed_IsSentAsANullVariation()
    {
        var bus = new RecordingBus();
        var summaries = Create(bus);
        var dark = Compile().Evaluate("dark", EvaluationContext.Empty);
        summaries.For(3).Record(in dark);

        await summaries.FlushAsync(TestContext.Current.CancellationToken);

        using var envelope = JsonDocument.Parse(Assert.Single(bus.Published).Payload);
        var summary = envelope.RootElement.GetProperty("batch").GetProperty("summaries")[0];
        Assert.Equal("dark", summary.GetProperty("flag").GetString());
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("variation").ValueKind);
        Assert.Equal("3", envelope.RootElement.GetProperty("environment").GetString());
    }

    private static ControlPlaneEvaluationSummaries Create(RecordingBus bus) =>
        new(bus, new Vexil.Server.Snapshots.EnvironmentSnapshots(null!, Microsoft.Extensions.Logging.Abstractions.NullLogger<Vexil.Server.Snapshots.EnvironmentSnapshots>.Instance), Options.Create(new OfrepOptions()), TimeProvider.System, NullLogger<ControlPlaneEvaluationSummaries>.Instance); // the store is never read: nothing asks for a ruleset

    private static long Count(byte[] payload)
    {
        using var envelope = JsonDocument.Parse(payload);
        return envelope.RootElement.GetProperty("batch").GetProperty("summaries").EnumerateArray().Sum(s => s.GetProperty("count").GetInt64());
    }

    private static Vexil.Core.Evaluation.CompiledRuleset Compile()
    {
        const string json = """
            {"formatVersion":1,"environment":"test","version":3,"segments":[],"flags":[
              {"key":"f","type":"boolean","variations":[{"key":"on","value":true},{"key":"off","value":false}],"enabled":true,"offVariation":"off","fallthrough":{"variation":"on"}},
              {"key":"dark","type":"boolean","variations":[{"key":"on","value":true},{"key":"off","value":false}],"enabled":false,"fallthrough":{"variation":"on"}}]}
            """;
        var result = RulesetCompiler.Load(System.Text.Encoding.UTF8.GetBytes(json));
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Ruleset!;
    }

    /// <summary>Records what is published; refuses like an unreachable bus while <see cref="Refusing"/>.</summary>
    private sealed class RecordingBus : IMessageBus
    {
        public List<(string Topic, string MessageId, byte[] Payload)> Published { get; } = [];

        public List<string> Refused { get; } = [];

        public bool Refusing { get; set; }

        public Task PublishAsync(string topic, string messageId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
        {
            if (Refusing)
            {
                Refused.Add(messageId);
                throw new BusUnavailableException("down");
            }

            Published.Add((topic, messageId, payload.ToArray()));
            return Task.CompletedTask;
        }

        public Task CheckAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IMessageConsumer> OpenConsumerAsync(string topic, string consumerName, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
