using Vexil.Server.Storage;

namespace Vexil.Server.Tests.Storage;

public sealed class PreconditionTests
{
    [Theory]
    [InlineData("\"f3\"", true)]
    [InlineData("*", true)]
    [InlineData("\"f2\"", false)]
    [InlineData("\"f2\", \"f3\"", true)]
    [InlineData("W/\"f3\"", false)]
    public void IfMatch_IsSatisfiedOnlyByTheCurrentETag(string ifMatch, bool expected) =>
        Assert.Equal(expected, new Precondition(ifMatch).IsSatisfiedBy("\"f3\""));
}
