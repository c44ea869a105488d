using System.Globalization;
using System.Text;

namespace Vexil.Events.Tests.Infrastructure;

/// <summary>Builds <c>POST /events/v1/bulk</c> bodies.</summary>
public static class Batches
{
    public static readonly DateTimeOffset Noon = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    public static string Summary(string flag, string variation, long count, DateTimeOffset start, long version = 1) =>
        $$"""{"flag":"{{flag}}","variation":"{{variation}}","version":{{version}},"count":{{count}},"start":"{{Time(start)}}","end":"{{Time(start.AddMinutes(1))}}"}""";

    public static string Exposure(string flag, string variation, string key, DateTimeOffset at) =>
        $$"""{"flag":"{{flag}}","variation":"{{variation}}","version":1,"targetingKey":"{{key}}","at":"{{Time(at)}}"}""";

    public static string Body(string id, IEnumerable<string> summaries, IEnumerable<string>? exposures = null) =>
        $$"""{"id":"{{id}}","sdk":"vexil-dotnet/1.0.0","summaries":[{{string.Join(',', summaries)}}],"exposures":[{{string.Join(',', exposures ?? [])}}]}""";

    public static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
