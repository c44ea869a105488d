using Vexil.Events.Ingestion;
using Vexil.Events.Tests.Infrastructure;

namespace Vexil.Events.Tests.Ingestion;

/// <summary>What one batch may claim (docs/events.md, "What a sender may claim").</summary>
public sealed class EventBatchLimitsTests
{
    private static readonly EventBatchLimits Limits = new(MaxItems: 100, MaxSummaryCount: 1_000, MaxBatchEvaluations: 2_500, NotAfter: Batches.Noon.AddHours(1), SummariesAllowed: true);

    private static string[] Errors(string body, EventBatchLimits limits) =>
        EventBatchReader.Read(Batches.Utf8(body), limits).Errors.Select(e => e.ToString()).ToArray();

    [Fact]
    public void Read_SummaryAtTheBound_IsAccepted_OneOverIsRefusedWithItsPath()
    {
        Assert.Empty(Errors(Batches.Body("b", [Batches.Summary("f", "on", 1_000, Batches.Noon)]), Limits));
        Assert.Equal(
            ["summaries[1].count: must be at most 1000"],
            Errors(Batches.Body("b", [Batches.Summary("f", "on", 1, Batches.Noon), Batches.Summary("f", "on", 1_001, Batches.Noon)]), Limits));
    }

    [Fact]
    public void Read_Int64MaxValue_IsRefused()
    {
        Assert.Equal(["summaries[0].count: must be at most 1000"], Errors(Batches.Body("b", [Batches.Summary("f", "on", long.MaxValue, Batches.Noon)]), Limits));
    }

    [Fact]
    public void Read_SummariesOverTheBatchTotal_AreRefusedTogether()
    {
        var three = Enumerable.Repeat(Batches.Summary("f", "on", 1_000, Batches.Noon), 3);

        Assert.Equal(["summaries: claim 3000 evaluations in all; a batch may claim at most 2500"], Errors(Batches.Body("b", three), Limits));
        Assert.Empty(Errors(Batches.Body("b", three.Take(2)), Limits));
    }

    [Fact]
    public void Read_TimesAfterTheReceiversClockPlusSkew_AreRefused_EarlierOnesAreNot()
    {
        var late = Batches.Noon.AddHours(2);

        Assert.Equal(
            ["summaries[0].end: must not be after 2026-11-24T13:00:00Z (the receiver's clock plus the allowed skew)",
             "exposures[0].at: must not be after 2026-11-24T13:00:00Z (the receiver's clock plus the allowed skew)"],
            Errors(Batches.Body("b", [Batches.Summary("f", "on", 1, late)], [Batches.Exposure("f", "on", "u1", late)]), Limits));
        Assert.Empty(Errors(Batches.Body("b", [Batches.Summary("f", "on", 1, Batches.Noon.AddMinutes(59))], [Batches.Exposure("f", "on", "u1", Batches.Noon.AddHours(1))]), Limits));
    }

    [Fact]
    public void Read_ClientSender_MayReportExposuresOnly()
    {
        var client = Limits with { SummariesAllowed = false };

        Assert.Equal(
            ["summaries: a client key may report exposures only: the evaluations it asks for are counted by the server that answers them"],
            Errors(Batches.Body("b", [Batches.Summary("f", "on", 1, Batches.Noon)], [Batches.Exposure("f", "on", "u1", Batches.Noon)]), client));
        Assert.Empty(Errors(Batches.Body("b", [], [Batches.Exposure("f", "on", "u1", Batches.Noon)]), client));
    }

    [Fact]
    public void Options_DefaultBounds_AreValid_AndNonsenseIsNot()
    {
        Assert.Empty(EventsOptions.Default.Validate());
        Assert.Contains("MaxSummaryCount: must be between 1 and 10^12", (EventsOptions.Default with { MaxSummaryCount = 0 }).Validate());
        Assert.Contains("MaxBatchEvaluations: must be at least MaxSummaryCount and at most 10^15", (EventsOptions.Default with { MaxBatchEvaluations = 10 }).Validate());
        Assert.Contains("MaxFutureSkew: must be between 0 and 1 day", (EventsOptions.Default with { MaxFutureSkew = TimeSpan.FromDays(2) }).Validate());
    }
}
