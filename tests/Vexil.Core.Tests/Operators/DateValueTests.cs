using Vexil.Core.Context;
using Vexil.Core.Operators;

namespace Vexil.Core.Tests.Operators;

public sealed class DateValueTests
{
    [Theory]
    [InlineData("1970-01-01T00:00:00Z", 0d)]
    [InlineData("2024-01-02T03:04:05Z", 1704164645000d)]
    [InlineData("2024-01-02t03:04:05z", 1704164645000d)]
    [InlineData("2024-01-02T03:04:05.5Z", 1704164645500d)]
    [InlineData("2024-01-02T03:04:05.123Z", 1704164645123d)]
    [InlineData("2024-01-02T03:04:05.123456789Z", 1704164645123.4567d)]
    [InlineData("2024-01-02T04:04:05+01:00", 1704164645000d)]
    [InlineData("2024-01-01T21:34:05-05:30", 1704164645000d)]
    [InlineData("2024-01-02T03:04:05+00:00", 1704164645000d)]
    [InlineData("2024-01-02T03:04:05-00:00", 1704164645000d)]
    [InlineData("2024-02-29T00:00:00Z", 1709164800000d)]
    [InlineData("1969-12-31T23:59:59Z", -1000d)]
    [InlineData("0001-01-01T00:00:00Z", -62135596800000d)]
    public void TryParse_Rfc3339_ReadsUnixMilliseconds(string text, double expected)
    {
        Assert.True(DateValue.TryParse(text, out var unixMs));
        Assert.Equal(expected, unixMs, 3);
    }

    [Fact]
    public void TryParse_AgreesWithDateTimeOffset()
    {
        var random = new Random(1234);
        for (var n = 0; n < 2_000; n++)
        {
            var ticks = random.NextInt64(DateTime.MinValue.Ticks + TimeSpan.TicksPerDay, DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay);
            var offset = TimeSpan.FromMinutes(random.Next(-14 * 60, (14 * 60) + 1));
            var value = new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerMillisecond), offset);
            var text = value.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(DateValue.TryParse(text, out var unixMs), text);
            Assert.Equal(value.ToUnixTimeMilliseconds(), unixMs);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2024-01-02")]
    [InlineData("2024-01-02T03:04:05")]
    [InlineData("2024-01-02 03:04:05Z")]
    [InlineData("2024-01-02T03:04Z")]
    [InlineData("2024-1-02T03:04:05Z")]
    [InlineData("24-01-02T03:04:05Z")]
    [InlineData("2024-13-02T03:04:05Z")]
    [InlineData("2024-00-02T03:04:05Z")]
    [InlineData("2024-01-00T03:04:05Z")]
    [InlineData("2023-02-29T03:04:05Z")]
    [InlineData("2024-04-31T03:04:05Z")]
    [InlineData("2024-01-02T24:00:00Z")]
    [InlineData("2024-01-02T03:60:05Z")]
    [InlineData("2024-01-02T03:04:60Z")]
    [InlineData("2024-01-02T03:04:05.Z")]
    [InlineData("2024-01-02T03:04:05,5Z")]
    [InlineData("2024-01-02T03:04:05+0100")]
    [InlineData("2024-01-02T03:04:05+01")]
    [InlineData("2024-01-02T03:04:05+24:00")]
    [InlineData("2024-01-02T03:04:05+01:60")]
    [InlineData("2024-01-02T03:04:05ZZ")]
    [InlineData("2024-01-02T03:04:05Z ")]
    [InlineData(" 2024-01-02T03:04:05Z")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("+2024-01-02T03:04:05Z")]
    [InlineData("2024-01-02T03:04:05UTC")]
    [InlineData("２０２４-01-02T03:04:05Z")]
    public void TryParse_Invalid_ReturnsFalse(string? text)
    {
        Assert.False(DateValue.TryParse(text, out var unixMs));
        Assert.Equal(0d, unixMs);
    }

    [Theory]
    [InlineData(0d)]
    [InlineData(1704164645000d)]
    [InlineData(-1000.5d)]
    public void TryGetUnixMilliseconds_Number_IsUnixMilliseconds(double number)
    {
        Assert.True(DateValue.TryGetUnixMilliseconds(ContextValue.Of(number), out var unixMs));
        Assert.Equal(number, unixMs);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void TryGetUnixMilliseconds_NonFiniteNumber_ReturnsFalse(double number) =>
        Assert.False(DateValue.TryGetUnixMilliseconds(ContextValue.Of(number), out _));

    [Fact]
    public void TryGetUnixMilliseconds_String_IsParsed()
    {
        Assert.True(DateValue.TryGetUnixMilliseconds(ContextValue.Of("2024-01-02T03:04:05Z"), out var unixMs));
        Assert.Equal(1704164645000d, unixMs);
        Assert.False(DateValue.TryGetUnixMilliseconds(ContextValue.Of("yesterday"), out _));
    }

    [Fact]
    public void TryGetUnixMilliseconds_OtherKinds_ReturnFalse()
    {
        Assert.False(DateValue.TryGetUnixMilliseconds(ContextValue.Missing, out _));
        Assert.False(DateValue.TryGetUnixMilliseconds(ContextValue.Null, out _));
        Assert.False(DateValue.TryGetUnixMilliseconds(ContextValue.Of(true), out _));
        Assert.False(DateValue.TryGetUnixMilliseconds(ContextValue.Of([ContextValue.Of(1d)]), out _));
    }

    [Fact]
    public void TryGetUnixMilliseconds_DoesNotAllocate()
    {
        var text = ContextValue.Of("2024-01-02T03:04:05.123+01:00");
        var number = ContextValue.Of(1704164645000d);
        DateValue.TryGetUnixMilliseconds(text, out _);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var n = 0; n < 1_000; n++)
        {
            DateValue.TryGetUnixMilliseconds(text, out _);
            DateValue.TryGetUnixMilliseconds(number, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
