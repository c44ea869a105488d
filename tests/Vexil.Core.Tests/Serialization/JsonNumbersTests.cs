using System.Text;
using Vexil.Core.Serialization;

namespace Vexil.Core.Tests.Serialization;

public sealed class JsonNumbersTests
{
    [Theory]
    [InlineData("""{"a":1,"b":-2.5e10,"c":[1.7976931348623157e308,-1.7976931348623157e308,5e-324,1e-999]}""")]
    [InlineData("""{"version":9223372036854775807}""")]
    public void FiniteNumbers_FindNothing(string json) =>
        Assert.False(JsonNumbers.TryFindNonFinite(Encoding.UTF8.GetBytes(json), out _));

    [Theory]
    [InlineData("""{"a":1e999}""", "a")]
    [InlineData("""{"a":{"b":[0,-1e309]}}""", "a.b[1]")]
    [InlineData("""[1,2,1.8e308]""", "[2]")]
    [InlineData("""1e999""", "")]
    public void OutOfRange_IsFound_WithItsPath(string json, string expected)
    {
        Assert.True(JsonNumbers.TryFindNonFinite(Encoding.UTF8.GetBytes(json), out var path));
        Assert.Equal(expected, path);
    }
}
