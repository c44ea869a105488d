using System.Text;
using System.Text.Json;
using Vexil.Core.Context;
using Vexil.Core.Evaluation;
using Vexil.Core.Model;
using Vexil.Server.Flags;
using Vexil.Server.Segments;
using Vexil.Server.Storage;
using static Vexil.Server.Tests.Storage.StoreSamples;

namespace Vexil.Server.Tests.Storage;

/// <summary>
/// What imports from LaunchDarkly and Unleash bring (context kinds, kinded targets and clauses, percentages, vendor
/// rollouts, any-of prerequisites, variation metadata, segments' contexts of a kind and salt) has no column of its
/// own: it rides in the <c>extra</c> and JSON columns. On every store it must come back unchanged from the tables, the
/// change log (another replica's replay) and the snapshot document.
/// </summary>
public abstract partial class ControlPlaneStoreContract
{
    [Fact(Timeout = 30_000)]
    public async Task ImportedFlagAndSegmentWithContextKinds_SurviveCreateReadReplayAndSnapshotUnchanged()
    {
        var ct = TestContext.Current.CancellationToken;
        var (writer, project) = await WithProjectAsync();
        var reader = await SecondReplicaAsync(writer);
        await writer.CreateFlagAsync(project, Boolean("before"), Alice, ct); // version 1
        var production = await writer.EnvironmentIdAsync(project, "production", ct);
        Assert.Equal(1, (await reader.Snapshots.GetAsync(production, ct))!.Version);
        var loads = reader.Snapshots.FullLoads;

        var imported = await writer.ImportAsync(project, "production", [KindedFlag, BaseFlag], [KindedSegment], dryRun: false, Alice, ct); // 2
        var edited = await writer.ConfigureAsync(project, "production", "org-banner", t => t with { Salt = "edited" }, Precondition.None, Alice, ct); // 3

        Assert.Equal(WriteStatus.Ok, imported.Status);
        Assert.Equal(WriteStatus.Ok, edited.Status);
        var expectedFlag = FlagJson.ToText(KindedFlag with { Salt = "edited", Version = 3 });
        var expectedSegment = SegmentJson.ToText(KindedSegment with { Version = 2 });

        // The tables.
        var stored = (await writer.Flags.GetInEnvironmentAsync(project, "production", "org-banner", ct))!;
        Assert.Equal(expectedFlag, FlagJson.ToText(stored.Flag));
        Assert.True(stored.Targeting.Source!.ContextKinds);
        Assert.Equal(expectedSegment, SegmentJson.ToText((await writer.Segments.GetAsync(project, "production", "partners", ct))!.Segment));

        // The change log, replayed version by version by another replica.
        reader.Database.Tracker.Observe(production, 3);
        var replayed = (await reader.Snapshots.GetAsync(production, ct))!;
        Assert.Equal((3L, loads, 2L), (replayed.Version, reader.Snapshots.FullLoads, reader.Snapshots.ReplayedVersions));
        Assert.Equal(expectedFlag, FlagJson.ToText(replayed.Flag("org-banner")!));
        Assert.Equal(expectedSegment, SegmentJson.ToText(Assert.Single(replayed.Definition.Segments)));

        // The snapshot document: the writer's, the replica's and one read whole from the tables are the same bytes.
        var written = (await writer.Snapshots.GetAsync(production, ct))!;
        var fresh = (await (await SecondReplicaAsync(writer)).Snapshots.GetAsync(production, ct))!;
        Assert.Equal(Encoding.UTF8.GetString(written.Document), Encoding.UTF8.GetString(replayed.Document));
        Assert.Equal(Encoding.UTF8.GetString(written.Document), Encoding.UTF8.GetString(fresh.Document));
        using var document = JsonDocument.Parse(written.Document);
        var flagInDocument = document.RootElement.GetProperty("flags").EnumerateArray().Single(f => f.GetProperty("key").GetString() == "org-banner");
        Assert.Equal(expectedFlag, flagInDocument.GetRawText());

        // And the compiled snapshot serves them: an org target, the segment's org context, an invalid context.
        Assert.Equal(("on", EvaluationReason.TargetingMatch), Evaluate(replayed, """{"kind":"multi","user":{"targetingKey":"u-1"},"org":{"targetingKey":"acme"}}"""));
        Assert.Equal(("on", EvaluationReason.TargetingMatch), Evaluate(replayed, """{"kind":"multi","user":{"targetingKey":"u-1"},"org":{"targetingKey":"partner-co"}}"""));
        Assert.Equal((null, EvaluationReason.Error), Evaluate(replayed, """{"plan":"no key"}"""));
    }

    private static (string? Variation, EvaluationReason Reason) Evaluate(Snapshots.EnvironmentSnapshot snapshot, string context)
    {
        using var json = JsonDocument.Parse(context);
        var result = snapshot.Compiled.Evaluate("org-banner", EvaluationContext.FromJson(json.RootElement));
        return (result.VariationKey, result.Reason);
    }

    private static FlagDefinition BaseFlag => Native("base", On());

    /// <summary>A flag as the LaunchDarkly and Unleash importers write them, with every member that has no column.</summary>
    private static FlagDefinition KindedFlag => Native("org-banner", On("off")) with
    {
        ContextKinds = true,
        Variations =
        [
            new VariationDefinition("on", StoreSamples.Json("true"), Metadata: new Dictionary<string, JsonElement> { ["payload"] = StoreSamples.Json("\"{\\\"hex\\\":\\\"#00f\\\"}\""), ["weight"] = StoreSamples.Json("3") }),
            new VariationDefinition("off", StoreSamples.Json("false")),
        ],
        Prerequisites = [new PrerequisiteDefinition("base", "on", ["on", "off"])],
        Targets = [new TargetDefinition("on", ["acme"], "org"), new TargetDefinition("off", ["u-9"])],
        Rules =
        [
            new RuleDefinition("partners", [new ClauseDefinition("targetingKey", "segmentMatch", [StoreSamples.Json("\"partners\"")])], ServeDefinition.Of("on")),
            new RuleDefinition(
                "pro-orgs",
                [new ClauseDefinition("/plan/tier", "in", [StoreSamples.Json("\"pro\"")], ContextKind: "org"), new ClauseDefinition("email", "ld:matches", [StoreSamples.Json("\"@example\\\\.com$\"")], Negate: true, ContextKind: "user")],
                ServeDefinition.Of("on"),
                Percentage: new PercentageDefinition(50_000, "launchdarkly-v1", "key", "org", "rule-salt")),
            new RuleDefinition("unleash", [new ClauseDefinition("appName", "unleash:STR_CONTAINS", [StoreSamples.Json("\"web\"")], CaseInsensitive: true)], ServeDefinition.Of("on"), Percentage: new PercentageDefinition(25_000, "unleash-v1", Salt: "group", Stickiness: "default")),
        ],
        Fallthrough = new ServeDefinition(null, new RolloutDefinition([new WeightDefinition("on", 30_000), new WeightDefinition("off", 70_000)], "key", "launchdarkly-v1", "org", "seeded")),
    };

    /// <summary>A segment as the LaunchDarkly importer writes them: contexts of a kind in and out, a salt, a weighted rule.</summary>
    private static SegmentDefinition KindedSegment => Segment("partners", "u1") with
    {
        Excluded = ["u2"],
        IncludedContexts = [new TargetDefinition(string.Empty, ["partner-co", "acme-2"], "org")],
        ExcludedContexts = [new TargetDefinition(string.Empty, ["banned"], "org"), new TargetDefinition(string.Empty, ["d-1"], "device")],
        Salt = "segment-salt",
        Rules = [new SegmentRuleDefinition("weighted", [new ClauseDefinition("country", "in", [StoreSamples.Json("\"NL\"")], ContextKind: "user")], new PercentageDefinition(25_000, "launchdarkly-v1", "key", "user"))],
    };
}
