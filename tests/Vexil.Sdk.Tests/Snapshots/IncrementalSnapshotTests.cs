using Microsoft.Extensions.Logging.Abstractions;
using Vexil.Core.Context;
using Vexil.Core.Evaluation;
using Vexil.Sdk.Diagnostics;
using Vexil.Sdk.Snapshots;
using Vexil.Sdk.Status;
using Vexil.Sdk.Tests.DeliveryLibrary;
using Vexil.Sdk.Tests.Infrastructure;

namespace Vexil.Sdk.Tests.Snapshots;

/// <summary>The SDK serves a change by replacing only the flags it touched, and says which.</summary>
public sealed class IncrementalSnapshotTests
{
    private const string Segment = """{"key":"beta","version":1,"included":["u1"],"excluded":[],"rules":[]}""";
    private const string Segment2 = """{"key":"beta","version":2,"included":["u2"],"excluded":[],"rules":[]}""";

    private static readonly string Held = ChangeEventTests.Ruleset(
        4, [ChangeEventTests.Flag("a", true, 1), ChangeEventTests.Flag("b", true, 1), ChangeEventTests.Flag("c", true, 1), ChangeEventTests.InSegment("d", 1)], [Segment]);

    [Fact]
    public void FlagsChanged_lists_only_the_flag_a_change_replaced()
    {
        using var metrics = new SdkMetrics(null, () => 0, () => 0);
        var store = new RulesetStore(TimeProvider.System, NullLogger.Instance, metrics);
        store.Replace(ChangeEventTests.Load(Held), fromServer: true, "stream");
        var raised = new List<FlagsChangedEventArgs>();
        store.FlagsChanged += (_, e) => raised.Add(e);

        Apply(store, $$$"""{"version":5,"flags":{"upsert":[{{{ChangeEventTests.Flag("b", false, 2)}}}],"delete":[]},"segments":{"upsert":[],"delete":[]}}""");

        var args = Assert.Single(raised);
        Assert.Equal(["b"], args.Keys);
        Assert.Equal(5, args.Version);
        Assert.Equal("off", store.Current.Evaluate("b", EvaluationContext.Empty, FlagValueType.Boolean).VariationKey);
    }

    [Fact]
    public void FlagsChanged_after_a_segment_change_lists_the_flags_that_use_it_not_every_flag()
    {
        using var metrics = new SdkMetrics(null, () => 0, () => 0);
        var store = new RulesetStore(TimeProvider.System, NullLogger.Instance, metrics);
        store.Replace(ChangeEventTests.Load(Held), fromServer: true, "stream");
        var raised = new List<FlagsChangedEventArgs>();
        store.FlagsChanged += (_, e) => raised.Add(e);

        Apply(store, $$$"""{"version":5,"flags":{"upsert":[],"delete":[]},"segments":{"upsert":[{{{Segment2}}}],"delete":[]}}""");

        Assert.Equal(["d"], Assert.Single(raised).Keys);
        var u2 = EvaluationContext.CreateBuilder("u2").Build();
        Assert.Equal("on", store.Current.Evaluate("d", u2, FlagValueType.Boolean).VariationKey);
    }

    [Fact]
    public void A_snapshot_built_change_by_change_evaluates_as_one_built_from_the_whole_document()
    {
        using var metrics = new SdkMetrics(null, () => 0, () => 0);
        var store = new RulesetStore(TimeProvider.System, NullLogger.Instance, metrics);
        store.Replace(ChangeEventTests.Load(Held), fromServer: true, "stream");

        Apply(store, $$$"""{"version":5,"flags":{"upsert":[{{{ChangeEventTests.Flag("b", false, 2)}}},{{{ChangeEventTests.Flag("e", true, 1)}}}],"delete":["a"]},"segments":{"upsert":[],"delete":[]}}""");
        Apply(store, $$$"""{"version":6,"flags":{"upsert":[],"delete":[]},"segments":{"upsert":[{{{Segment2}}}],"delete":[]}}""");

        var whole = RulesetSnapshot.Create(
            ChangeEventTests.Load(ChangeEventTests.Ruleset(6, [ChangeEventTests.Flag("b", false, 2), ChangeEventTests.Flag("c", true, 1), ChangeEventTests.InSegment("d", 1), ChangeEventTests.Flag("e", true, 1)], [Segment2])),
            fromServer: true,
            DateTimeOffset.UtcNow);
        var served = store.Current;
        Assert.Equal(whole.FlagCount, served.FlagCount);
        foreach (var key in new[] { "a", "b", "c", "d", "e" })
        {
            foreach (var user in new[] { "u1", "u2" })
            {
                var context = EvaluationContext.CreateBuilder(user).Build();
                var expected = whole.Evaluate(key, context, FlagValueType.Boolean);
                var actual = served.Evaluate(key, context, FlagValueType.Boolean);
                Assert.Equal((expected.VariationKey, expected.ErrorCode, expected.FlagVersion), (actual.VariationKey, actual.ErrorCode, actual.FlagVersion));
            }
        }
    }

    [Fact]
    public void Counts_of_a_replaced_flag_are_retired_under_its_old_version_and_the_others_keep_counting()
    {
        using var metrics = new SdkMetrics(null, () => 0, () => 0);
        var store = new RulesetStore(TimeProvider.System, NullLogger.Instance, metrics);
        store.Replace(ChangeEventTests.Load(Held), fromServer: true, "stream");
        var retired = new List<RetiredCounts>();
        store.OnRetired = retired.Add;
        store.Current.Evaluate("b", EvaluationContext.Empty, FlagValueType.Boolean);
        store.Current.Evaluate("c", EvaluationContext.Empty, FlagValueType.Boolean);
        var before = store.Current;

        Apply(store, $$$"""{"version":5,"flags":{"upsert":[{{{ChangeEventTests.Flag("b", false, 2)}}}],"delete":[]},"segments":{"upsert":[],"delete":[]}}""");
        store.Current.Evaluate("c", EvaluationContext.Empty, FlagValueType.Boolean);
        store.Current.Evaluate("b", EvaluationContext.Empty, FlagValueType.Boolean);

        var slot = Assert.Single(Assert.Single(retired).Slots);
        Assert.Equal(("b", 1L), (slot.Flag.Key, slot.Flag.Version));
        Assert.Equal(1, retired[0].Counters.Read(slot.Offset + 1)); // "on", under version 1
        Assert.Same(before.Counters, store.Current.Counters);       // one window: nothing else retired
        Assert.True(store.Current.TryGetSlot("c", out var c));
        Assert.Equal(2, store.Current.Counters.Read(c.Offset + 1));
        Assert.True(store.Current.TryGetSlot("b", out var b));
        Assert.NotEqual(slot.Offset, b.Offset);
        Assert.Equal(1, store.Current.Counters.Read(b.Offset + 2)); // "off", under version 2
    }

    [Fact(Timeout = 20_000)]
    public async Task Through_the_stream_FlagsChanged_names_only_the_flag_written()
    {
        await using var server = await DeliveryTestServer.StartAsync(1, TestFlags.Boolean("a", false), TestFlags.Boolean("b", false), TestFlags.Boolean("c", false));
        await using var client = new VexilClient(TestClients.Options(server));
        Assert.True(await client.WaitForInitializationAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        var changed = new TaskCompletionSource<FlagsChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.FlagsChanged += (_, e) => changed.TrySetResult(e);

        server.SetFlag(TestFlags.Boolean("b", true));

        var args = await changed.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(["b"], args.Keys);
        Assert.True(client.GetBoolean("b", false));
        Assert.False(client.GetBoolean("a", true));
        Assert.Equal(0, server.RulesetRequests); // applied from the change, not refetched
    }

    private static void Apply(RulesetStore store, string change)
    {
        var applied = ChangeEventTests.Read(change).ApplyTo(store.Current.Ruleset);
        Assert.Empty(applied.Errors);
        Assert.True(store.ApplyChange(applied.Ruleset!, applied.ChangedFlagKeys, applied.DependentFlagKeys, "change"));
    }
}
