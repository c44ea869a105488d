using Vexil.Events;
using Vexil.Server.Events;

namespace Vexil.Server.Tests.Events;

/// <summary>Each replica's aggregator consumer: named once per data folder, kept across restarts, valid for NATS.</summary>
public sealed class AggregatorIdentityTests
{
    [Fact]
    public void For_TheSameFolder_KeepsItsName_AndAnotherFolderGetsAnother()
    {
        var first = Path.Combine(Path.GetTempPath(), "vexil-aggregator-" + Guid.NewGuid().ToString("N"));
        var second = Path.Combine(Path.GetTempPath(), "vexil-aggregator-" + Guid.NewGuid().ToString("N"));
        try
        {
            var name = AggregatorIdentity.For(first);

            Assert.Equal(name, AggregatorIdentity.For(first));
            Assert.NotEqual(name, AggregatorIdentity.For(second));
            Assert.StartsWith("aggregator-", name, StringComparison.Ordinal);
            Assert.Empty(new EventsOptions { AggregatorConsumer = name }.Validate());
        }
        finally
        {
            Directory.Delete(first, recursive: true);
            Directory.Delete(second, recursive: true);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("aggregator.one")]
    [InlineData("aggregator one")]
    public void EventsOptions_RefuseAConsumerNameNatsCannotTake(string name) =>
        Assert.Contains(new EventsOptions { AggregatorConsumer = name }.Validate(), e => e.StartsWith("AggregatorConsumer", StringComparison.Ordinal));
}
