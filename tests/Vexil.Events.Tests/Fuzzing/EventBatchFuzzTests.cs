using CsCheck;
using Vexil.Events.Ingestion;
using Vexil.Testing.Fuzzing;

namespace Vexil.Events.Tests.Fuzzing;

/// <summary>
/// Event batches (what any SDK key may post to <c>/events/v1/bulk</c>) and the bus envelope around them under
/// mutated input: reading answers a batch or errors and never throws, and a batch read is carried through the
/// envelope unchanged in count.
/// </summary>
public sealed class EventBatchFuzzTests(ITestOutputHelper output)
{
    private static readonly List<byte[]> Seeds =
    [
        """{"id":"b-1","sdk":"vexil-dotnet/1.0","summaries":[{"flag":"f","variation":"on","version":3,"count":12,"start":"2026-12-07T12:00:00Z","end":"2026-12-07T12:01:00Z"},{"flag":"g","variation":null,"version":1,"count":1,"start":"2026-12-07T12:00:00Z","end":"2026-12-07T12:00:30Z"}]}"""u8.ToArray(),
        """{"id":"b-2","exposures":[{"flag":"f","variation":"on","version":3,"key":"user-1","at":"2026-12-07T12:00:01Z"}]}"""u8.ToArray(),
        """{"id":"b-3","summaries":[]}"""u8.ToArray(),
    ];

    [Fact]
    public void EventBatchReader_NeverThrows_AndTheEnvelopeKeepsWhatItRead()
    {
        var counts = new FuzzCounts();
        JsonMutator.Inputs(Seeds).Sample(
            input =>
            {
                var read = EventBatchReader.Read(input, maxItems: 1_000);
                if (read.Batch is null)
                {
                    Assert.NotEmpty(read.Errors);
                    counts.Count(accepted: false);
                    return;
                }

                var envelope = EventEnvelope.Write("production", DateTimeOffset.UnixEpoch, input);
                var carried = EventEnvelope.Read(envelope, maxItems: 1_000);
                Assert.NotNull(carried);
                Assert.Equal(read.Batch.ItemCount, carried.Value.Batch.ItemCount);
                counts.Count(accepted: true);
            },
            iter: FuzzBudget.Iterations(3_000),
            time: FuzzBudget.Seconds,
            print: JsonMutator.Print);

        output.WriteLine(FuzzBudget.Report("event batches", counts));
        // About 5 % of mutated batches read (a batch is refused whole for any bad item): at least 1 %, far from chance.
        Assert.True(counts.Accepted >= counts.Tried / 100, $"only {counts.Accepted} of {counts.Tried} batches read");
    }
}
