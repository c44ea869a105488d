using Vexil.Events.Ingestion;
using Vexil.Events.Tests.Infrastructure;

namespace Vexil.Events.Tests.Ingestion;

public sealed class EventBatchReaderTests
{
    private const string ProtocolSample = """
        {
          "id": "0b6c7c58-8a3b-4a53-9d37-2c1f7e4f7d11",
          "sdk": "vexil-dotnet/1.0.0",
          "summaries": [
            { "flag": "new-checkout", "variation": "on", "version": 7, "count": 1250,
              "start": "2026-11-24T12:00:00Z", "end": "2026-11-24T12:01:00Z" }
          ],
          "exposures": [
            { "flag": "checkout-experiment", "variation": "b", "version": 3, "targetingKey": "user-42",
              "at": "2026-11-24T12:00:03.120Z" }
          ]
        }
        """;

    private static string[] Errors(string json) =>
        EventBatchReader.Read(Batches.Utf8(json), 10_000).Errors.Select(e => e.ToString()).ToArray();

    [Fact]
    public void Read_ProtocolSample_ReadsEveryField()
    {
        var result = EventBatchReader.Read(Batches.Utf8(ProtocolSample), 10_000);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var batch = result.Batch!;
        Assert.Equal("0b6c7c58-8a3b-4a53-9d37-2c1f7e4f7d11", batch.Id);
        Assert.Equal("vexil-dotnet/1.0.0", batch.Sdk);
        var summary = Assert.Single(batch.Summaries);
        Assert.Equal(new EvaluationSummary("new-checkout", "on", 7, 1250, Batches.Noon, Batches.Noon.AddMinutes(1)), summary);
        var exposure = Assert.Single(batch.Exposures);
        Assert.Equal(new ExposureEvent("checkout-experiment", "b", 3, "user-42", Batches.Noon.AddMilliseconds(3120)), exposure);
    }

    [Fact]
    public void Read_SummaryWithNullVariation_IsTheCallersDefaultServed()
    {
        var result = EventBatchReader.Read(Batches.Utf8("""
            {"id":"b1","summaries":[
              {"flag":"f","variation":null,"version":2,"count":4,"start":"2026-11-24T12:00:00Z","end":"2026-11-24T12:01:00Z"},
              {"flag":"f","variation":"on","version":2,"count":1,"start":"2026-11-24T12:00:00Z","end":"2026-11-24T12:01:00Z"}]}
            """), 10_000);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal([null, "on"], result.Batch!.Summaries.Select(s => s.Variation));
        Assert.Equal(4, result.Batch.Summaries[0].Count);
    }

    [Fact]
    public void Read_MissingVariation_OrANullOneOnAnExposure_IsStillAnError()
    {
        Assert.Equal(
            ["summaries[0].variation: is required", "exposures[0].variation: must be a string"],
            Errors("""
                {"id":"b1",
                 "summaries":[{"flag":"f","version":2,"count":4,"start":"2026-11-24T12:00:00Z","end":"2026-11-24T12:01:00Z"}],
                 "exposures":[{"flag":"f","variation":null,"version":1,"targetingKey":"u","at":"2026-11-24T12:00:00Z"}]}
                """));
    }

    [Fact]
    public void Read_BadCountInFourthSummary_ReportsItsPath()
    {
        var summaries = Enumerable.Range(0, 4).Select(i => Batches.Summary("f", "on", i == 3 ? 0 : 1, Batches.Noon));

        Assert.Equal(["summaries[3].count: must be a positive integer"], Errors(Batches.Body("b1", summaries)));
    }

    [Fact]
    public void Read_SeveralProblems_ReportsEveryOne()
    {
        const string json = """
            {"id":"bad id!","summaries":[{"flag":"","variation":"on","version":-1,"count":"3","start":"2026-11-24T12:00:00","end":"2026-11-24T11:00:00Z"}],
             "exposures":[{"flag":"f","variation":"on","version":1,"at":"2026-11-24T12:00:00Z"}, 7]}
            """;

        Assert.Equal(
            [
                "id: must contain only letters, digits, '-', '_', '.' and ':'",
                "summaries[0].flag: must be between 1 and 256 characters",
                "summaries[0].version: must be a non-negative integer",
                "summaries[0].count: must be a positive integer",
                "summaries[0].start: must be an RFC 3339 date-time with an offset, e.g. 2026-11-24T12:00:00Z",
                "exposures[0].targetingKey: is required",
                "exposures[1]: must be an object",
            ],
            Errors(json));
    }

    [Fact]
    public void Read_EndBeforeStart_IsAnError()
    {
        const string json = """{"id":"b","summaries":[{"flag":"f","variation":"on","version":1,"count":1,"start":"2026-11-24T12:00:00Z","end":"2026-11-24T11:59:00Z"}]}""";

        Assert.Equal(["summaries[0].end: must not be before start"], Errors(json));
    }

    [Theory]
    [InlineData("[]", ": must be a JSON object")]
    [InlineData("{\"summaries\":[]}", "id: is required")]
    [InlineData("{\"id\":\"b\"}", "must hold at least one summary or exposure")]
    [InlineData("{\"id\":\"b\",\"summaries\":{}}", "summaries: must be an array")]
    [InlineData("{\"id\":42,\"summaries\":[]}", "id: must be a string")]
    public void Read_MalformedDocument_ExplainsWhy(string json, string expected)
    {
        Assert.Contains(expected.TrimStart(':', ' '), Errors(json)[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NotJson_IsOneError()
    {
        var errors = Errors("{\"id\":");

        Assert.Single(errors);
        Assert.StartsWith("not valid JSON", errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MoreItemsThanTheLimit_IsRefusedBeforeReadingThem()
    {
        var body = Batches.Body("b", Enumerable.Repeat(Batches.Summary("f", "on", 1, Batches.Noon), 6), [Batches.Exposure("f", "on", "u", Batches.Noon)]);

        var result = EventBatchReader.Read(Batches.Utf8(body), maxItems: 6);

        Assert.Equal(["the batch holds 7 items; at most 6 are allowed"], result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Read_UnknownFields_AreIgnoredForNewerSenders()
    {
        const string json = """{"id":"b","future":true,"summaries":[{"flag":"f","variation":"on","version":1,"count":1,"start":"2026-11-24T12:00:00+01:00","end":"2026-11-24T12:01:00+01:00","extra":1}]}""";

        var result = EventBatchReader.Read(Batches.Utf8(json), 10);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(Batches.Noon.AddHours(-1), result.Batch!.Summaries[0].Start);
    }

    [Theory]
    [InlineData("""{"id":"b","summaries":[{"flag":"\ud800","variation":"on","version":1,"count":1,"start":"2026-11-24T12:00:00Z","end":"2026-11-24T12:01:00Z"}]}""", "summaries[0].flag")]
    [InlineData("""{"id":"b","future":"\udc00","summaries":[{"flag":"f","variation":"on","version":1,"count":1,"start":"2026-11-24T12:00:00Z","end":"2026-11-24T12:01:00Z"}]}""", "future")]
    [InlineData("""{"id":"b","\ud800":1,"summaries":[{"flag":"f","variation":"on","version":1,"count":1,"start":"2026-11-24T12:00:00Z","end":"2026-11-24T12:01:00Z"}]}""", "")]
    public void Read_TextThatIsNotUnicode_AnywhereInTheBatch_IsOneErrorWithItsPath(string json, string path)
    {
        var result = EventBatchReader.Read(Batches.Utf8(json), 10);

        var error = Assert.Single(result.Errors);
        Assert.Equal(path, error.Path);
        Assert.Contains("not valid Unicode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RawBytesThatAreNotUtf8_IsOneError()
    {
        byte[] json = [.. """{"id":"b","sdk":"x"""u8, 0xC3, .. "\",\"summaries\":[]}"u8];

        var result = EventBatchReader.Read(json, 10);

        Assert.Equal("sdk", Assert.Single(result.Errors).Path);
    }

    [Theory]
    [InlineData("""{"id":"b","summaries":[{"flag":"f","variation":"on","version":1,"count":1e999,"start":"2026-11-24T12:00:00Z","end":"2026-11-24T12:01:00Z"}]}""", "summaries[0].count")]
    [InlineData("""{"id":"b","future":[1,-1e400],"summaries":[{"flag":"f","variation":"on","version":1,"count":1,"start":"2026-11-24T12:00:00Z","end":"2026-11-24T12:01:00Z"}]}""", "future[1]")]
    public void Read_ANumberNoDoubleHolds_AnywhereInTheBatch_IsOneErrorWithItsPath(string json, string path)
    {
        var error = Assert.Single(EventBatchReader.Read(Batches.Utf8(json), 10).Errors);

        Assert.Equal(path, error.Path);
        Assert.Contains("out of range", error.Message, StringComparison.Ordinal);
    }
}
