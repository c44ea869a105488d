using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Vexil.Events.Insights;
using Vexil.Server.Insights;

namespace Vexil.Server.Tests.Insights;

public sealed class UsageQueryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 30, 0, TimeSpan.Zero);

    private static (UsageQuery? Query, ValidationErrors Errors) Parse(params (string Key, string Value)[] values)
    {
        var query = new QueryCollection(values.GroupBy(v => v.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => new StringValues(g.Select(v => v.Value).ToArray()), StringComparer.Ordinal));
        var errors = new ValidationErrors();
        return (UsageQuery.Parse(query, Now, errors), errors);
    }

    [Fact]
    public void Parse_Nothing_IsTheLastDayByHour()
    {
        var (query, errors) = Parse();

        Assert.True(errors.IsEmpty);
        Assert.Equal(new UsageQuery(Now.AddDays(-1), Now, UsageGranularity.Hour), query);
    }

    [Fact]
    public void Parse_OffsetTimes_AreConvertedToUtc()
    {
        var (query, _) = Parse(("from", "2026-11-24T14:00:00+02:00"), ("to", "2026-11-24T13:00:00Z"), ("granularity", "minute"));

        Assert.Equal(new UsageQuery(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 24, 13, 0, 0, TimeSpan.Zero), UsageGranularity.Minute), query);
        Assert.Equal(TimeSpan.Zero, query!.From.Offset);
    }

    [Theory]
    [InlineData("minute", 1)]
    [InlineData("hour", 31)]
    [InlineData("day", 400)]
    public void Parse_LongestRange_IsAcceptedAndOneSecondMoreIsNot(string granularity, int days)
    {
        var to = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
        var from = to.AddDays(-days);

        var (longest, _) = Parse(("from", from.ToString("O")), ("to", to.ToString("O")), ("granularity", granularity));
        var (tooLong, errors) = Parse(("from", from.AddSeconds(-1).ToString("O")), ("to", to.ToString("O")), ("granularity", granularity));

        Assert.NotNull(longest);
        Assert.Null(tooLong);
        Assert.False(errors.IsEmpty);
    }

    [Theory]
    [InlineData("from", "2026-11-24T12:00:00")]
    [InlineData("from", "2026-11-24")]
    [InlineData("to", "1732449600")]
    [InlineData("granularity", "week")]
    [InlineData("granularity", "Hour")]
    public void Parse_BadValue_IsAnError(string key, string value)
    {
        var (query, errors) = Parse((key, value));

        Assert.Null(query);
        Assert.False(errors.IsEmpty);
    }

    [Fact]
    public void Parse_RepeatedParameter_IsAnError()
    {
        var (query, _) = Parse(("granularity", "hour"), ("granularity", "day"));

        Assert.Null(query);
    }
}
