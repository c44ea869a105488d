using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vexil.Core.Context;
using Vexil.Sdk.Configuration;
using Vexil.Sdk.Diagnostics;
using Vexil.Sdk.Testing;
using Vexil.Sdk.Tests.Infrastructure;

namespace Vexil.Sdk.Tests.Diagnostics;

/// <summary>Evaluations in OpenTelemetry's feature-flag semantic conventions: the counter, the span event and the log event, by their attribute names.</summary>
[Collection(ActivityListenerCollection.Name)]
public sealed class EvaluationTelemetryTests
{
    private static readonly EvaluationContext SignedIn = EvaluationContext.CreateBuilder("user-7").Set("authenticated", true).Build();

    [Fact]
    public void Evaluations_are_counted_by_key_variant_and_reason_under_the_semantic_convention_names()
    {
        using var provider = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = provider.GetRequiredService<IMeterFactory>();
        var counted = new List<Dictionary<string, object?>>();
        using var listener = Listen(factory, counted);
        using var client = Client(factory, events: false);

        client.GetBoolean("gate", false, SignedIn);
        client.GetBoolean("gate", false);
        client.GetBoolean("missing", false);

        Assert.Equal(3, counted.Count);
        Assert.Equal(
            new Dictionary<string, object?>
            {
                ["feature_flag.key"] = "gate",
                ["feature_flag.result.reason"] = "targeting_match",
                ["feature_flag.provider.name"] = "Vexil",
                ["feature_flag.result.variant"] = "on",
            },
            counted[0]);
        Assert.Equal(("off", "default"), (counted[1]["feature_flag.result.variant"], counted[1]["feature_flag.result.reason"]));
        Assert.Equal(("error", "flag_not_found"), (counted[2]["feature_flag.result.reason"], counted[2]["error.type"]));
        Assert.False(counted[2].ContainsKey("feature_flag.result.variant"));
        Assert.All(counted, tags => Assert.False(tags.ContainsKey("feature_flag.context.id"))); // never a metric dimension
    }

    [Fact]
    public void With_evaluation_events_on_each_evaluation_is_a_span_event_and_a_log_event_named_feature_flag_evaluation()
    {
        using var source = new ActivitySource("Vexil.Sdk.Tests.Caller");
        using var spans = new SpanRecorder(source.Name);
        var logs = new RecordingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Information));
        using var client = Client(null, events: true, loggers);

        using (source.StartActivity("request"))
        {
            client.GetBoolean("gate", false, SignedIn);
        }

        var evaluation = Assert.Single(Assert.Single(spans.Stopped).Events);
        Assert.Equal("feature_flag.evaluation", evaluation.Name);
        var expected = new Dictionary<string, object?>
        {
            ["feature_flag.key"] = "gate",
            ["feature_flag.provider.name"] = "Vexil",
            ["feature_flag.result.reason"] = "targeting_match",
            ["feature_flag.result.variant"] = "on",
            ["feature_flag.context.id"] = "user-7",
            ["feature_flag.version"] = "1",
        };
        Assert.Equal(expected, evaluation.Tags.ToDictionary());
        var log = Assert.Single(logs.Records, r => r.EventName == "feature_flag.evaluation");
        Assert.Equal(expected, log.Attributes);
    }

    [Fact]
    public void Without_evaluation_events_a_recorded_span_gets_no_event_and_nothing_is_logged()
    {
        using var source = new ActivitySource("Vexil.Sdk.Tests.Caller");
        using var spans = new SpanRecorder(source.Name);
        var logs = new RecordingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        using var client = Client(null, events: false, loggers);

        using (source.StartActivity("request"))
        {
            client.GetBoolean("gate", false, SignedIn);
        }

        Assert.Empty(Assert.Single(spans.Stopped).Events);
        Assert.DoesNotContain(logs.Records, r => r.EventName == "feature_flag.evaluation");
    }

    private static VexilClient Client(IMeterFactory? meters, bool events, ILoggerFactory? loggers = null)
    {
        var data = new VexilTestData();
        data.SetFlag(TestFlags.SignedInOnly("gate"));
        return new VexilClient(new VexilOptions { TestData = data, EvaluationEvents = events }, loggers, meters);
    }

    private static MeterListener Listen(IMeterFactory factory, List<Dictionary<string, object?>> counted)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == factory && instrument.Name == VexilTelemetry.EvaluationsCounterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            Assert.Equal(1, value);
            var set = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                set.Add(tag.Key, tag.Value);
            }

            counted.Add(set);
        });
        listener.Start();
        return listener;
    }
}
