using Vexil.Core.Model;
using Vexil.Server.Environments;
using Vexil.Server.Flags;
using Vexil.Server.Segments;
using Vexil.Server.Storage;

namespace Vexil.Server.Changes;

/// <summary>
/// Appends one environment version's change to the change log: one row per flag or segment written (its canonical
/// native object) or deleted, each with the traceparent of the write's span when it is traced.
/// </summary>
internal static class ChangeLogWriter
{
    public static async Task AppendAsync(SqlWriteScope scope, long environmentId, RulesetChange change, CancellationToken cancellationToken)
    {
        var traceParent = ChangeTelemetry.RecordedChange(environmentId, change.Version);
        foreach (var flag in change.UpsertFlags)
        {
            await ChangeLog.AppendAsync(scope, environmentId, change.Version, "flag", flag.Key, "upsert", FlagJson.ToText(flag), traceParent, cancellationToken);
        }

        foreach (var key in change.DeleteFlags)
        {
            await ChangeLog.AppendAsync(scope, environmentId, change.Version, "flag", key, "delete", null, traceParent, cancellationToken);
        }

        foreach (var segment in change.UpsertSegments)
        {
            await ChangeLog.AppendAsync(scope, environmentId, change.Version, "segment", segment.Key, "upsert", SegmentJson.ToText(segment), traceParent, cancellationToken);
        }

        foreach (var key in change.DeleteSegments)
        {
            await ChangeLog.AppendAsync(scope, environmentId, change.Version, "segment", key, "delete", null, traceParent, cancellationToken);
        }
    }
}
