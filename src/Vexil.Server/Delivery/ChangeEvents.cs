using Vexil.Delivery.Changes;
using Vexil.Delivery.Tracing;
using Vexil.Server.Environments;
using Vexil.Server.Snapshots;

namespace Vexil.Server.Delivery;

/// <summary>
/// Turns change-log rows into <c>change</c> events, one per version, written by the protocol's one writer
/// (<see cref="ChangeEvent"/>):
/// <c>{"version":43,"committedAt":"…","flags":{"upsert":[…],"delete":[…]},"segments":{"upsert":[…],"delete":[…]}}</c>.
/// </summary>
internal static class ChangeEvents
{
    /// <summary>
    /// The events for the versions after <paramref name="after"/>, contiguous from <paramref name="after"/> + 1,
    /// stopping at the first gap. When <paramref name="truncated"/>, the last version may be incomplete and is left out.
    /// </summary>
    public static async Task<List<DeliveryEvent>> FromChangeLogAsync(IReadOnlyList<ChangeEntry> entries, long after, bool truncated)
    {
        var events = new List<DeliveryEvent>();
        var expected = after + 1;
        var start = 0;
        while (start < entries.Count)
        {
            var version = entries[start].Version;
            var end = start;
            while (end < entries.Count && entries[end].Version == version)
            {
                end++;
            }

            if (version != expected || (truncated && end == entries.Count))
            {
                break;
            }

            var change = new ChangeEvent(ChangeLogReplay.ToChange(version, entries, start, end), entries[start].At);
            var trace = entries[start].TraceParent is { } parent ? new ChangeTrace(version, parent) : null;
            events.Add(await DeliveryEvent.ChangeAsync(version, change.ToUtf8Json(), change.CommittedAt, trace));
            expected++;
            start = end;
        }

        return events;
    }
}
