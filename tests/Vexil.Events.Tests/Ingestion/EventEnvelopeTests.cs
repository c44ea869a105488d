using System.Text;
using Vexil.Events.Ingestion;
using Vexil.Events.Tests.Infrastructure;

namespace Vexil.Events.Tests.Ingestion;

public sealed class EventEnvelopeTests
{
    [Fact]
    public void Write_ThenRead_GivesTheEnvironmentAndTheBatch()
    {
        var body = Batches.Body("b1", [Batches.Summary("f", "on", 2, Batches.Noon)]);

        var envelope = EventEnvelope.Write("prod", Batches.Noon, Batches.Utf8(body));
        var read = EventEnvelope.Read(envelope, 10);

        Assert.Equal($$"""{"environment":"prod","receivedAt":{{Batches.Noon.ToUnixTimeMilliseconds()}},"batch":{{body}}}""", Encoding.UTF8.GetString(envelope));
        Assert.Equal("prod", read!.Value.Environment);
        Assert.Equal("b1", read.Value.Batch.Id);
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("{\"batch\":{}}")]
    [InlineData("{\"environment\":\"prod\",\"batch\":{\"id\":\"b\"}}")]
    public void Read_NotAnEnvelopeOfAValidBatch_IsNull(string payload)
    {
        Assert.Null(EventEnvelope.Read(Encoding.UTF8.GetBytes(payload), 10));
    }
}
