using System.Globalization;
using Microsoft.Extensions.Primitives;
using Vexil.Events.Insights;

namespace Vexil.Server.Insights;

/// <summary>
/// The query of a usage read: <c>from</c> and <c>to</c> (RFC 3339, default: the 24 hours up to now), and the
/// <c>granularity</c> (<c>minute</c>, <c>hour</c> or <c>day</c>, default <c>hour</c>), each granularity with its longest range.
/// </summary>
internal sealed record UsageQuery(DateTimeOffset From, DateTimeOffset To, UsageGranularity Granularity)
{
    public static readonly TimeSpan DefaultRange = TimeSpan.FromHours(24);

    /// <summary>The longest range a granularity may cover (about a thousand buckets at most, and within retention).</summary>
    public static TimeSpan MaxRange(UsageGranularity granularity) => granularity switch
    {
        UsageGranularity.Minute => TimeSpan.FromDays(1),
        UsageGranularity.Hour => TimeSpan.FromDays(31),
        _ => TimeSpan.FromDays(400),
    };

    /// <summary>Parses and checks the query; every problem is added to <paramref name="errors"/> and the result is then null.</summary>
    public static UsageQuery? Parse(IQueryCollection query, DateTimeOffset now, ValidationErrors errors)
    {
        var granularity = ParseGranularity(query["granularity"], errors);
        var to = ParseTime("to", query["to"], errors);
        var from = ParseTime("from", query["from"], errors);
        if (!errors.IsEmpty || granularity is not { } g)
        {
            return null;
        }

        var end = to ?? now;
        var start = from ?? end - DefaultRange;
        if (start > end)
        {
            errors.Add("from", "must not be after to");
            return null;
        }

        var max = MaxRange(g);
        if (end - start > max)
        {
            errors.Add("to", $"the range is at most {max.TotalDays.ToString(CultureInfo.InvariantCulture)} days at {Name(g)} granularity");
            return null;
        }

        return new UsageQuery(start, end, g);
    }

    public static string Name(UsageGranularity granularity) => granularity switch
    {
        UsageGranularity.Minute => "minute",
        UsageGranularity.Hour => "hour",
        _ => "day",
    };

    private static UsageGranularity? ParseGranularity(StringValues values, ValidationErrors errors)
    {
        if (values.Count == 0)
        {
            return UsageGranularity.Hour;
        }

        switch (values.Count == 1 ? values[0] : null)
        {
            case "minute":
                return UsageGranularity.Minute;
            case "hour":
                return UsageGranularity.Hour;
            case "day":
                return UsageGranularity.Day;
            default:
                errors.Add("granularity", "must be minute, hour or day");
                return null;
        }
    }

    private static DateTimeOffset? ParseTime(string name, StringValues values, ValidationErrors errors)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var value = values.Count == 1 ? values[0] : null;
        if (value is { Length: >= 20 }
            && (value[^1] is 'Z' or 'z' || value[^6] is '+' or '-')
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return parsed.ToUniversalTime();
        }

        errors.Add(name, "must be an RFC 3339 time with an offset, such as 2026-11-24T12:00:00Z");
        return null;
    }
}
