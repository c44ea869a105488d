using Vexil.Core.Model;
using Vexil.Server.Audit;
using Vexil.Server.Segments;
using Vexil.Server.Webhooks;

namespace Vexil.Server.Changes;

internal sealed partial class ChangeRecorder
{
    private static async Task<ChangeResult> CreateSegmentAsync(ChangeWork work, CreateSegment change)
    {
        var environment = work.Environment(change.Environment);
        if (await SegmentStore.FindAsync(work.Scope, environment, change.Segment.Key, work.CancellationToken) is not null)
        {
            throw new ChangeRefusedException(Storage.WriteStatus.Conflict, $"Environment '{environment.Key}' already has a segment '{change.Segment.Key}'.", change.Path);
        }

        return await WriteSegmentAsync(work, change.Environment, null, change.Segment, change);
    }

    private static async Task<ChangeResult> UpdateSegmentAsync(ChangeWork work, UpdateSegment change)
    {
        var before = await FindSegmentAsync(work, change.Environment, change.Segment.Key, change);
        if (!change.Base.IsSatisfiedBy(before.ETag))
        {
            throw Stale($"segment '{change.Segment.Key}' in environment '{change.Environment}'", change);
        }

        return await WriteSegmentAsync(work, change.Environment, before, change.Segment, change);
    }

    private static async Task<ChangeResult> DeleteSegmentAsync(ChangeWork work, DeleteSegment change)
    {
        var before = await FindSegmentAsync(work, change.Environment, change.Segment, change);
        if (!change.Base.IsSatisfiedBy(before.ETag))
        {
            throw Stale($"segment '{change.Segment}' in environment '{change.Environment}'", change);
        }

        var environment = work.Environment(change.Environment);
        var target = await work.TouchAsync(environment);
        await SegmentStore.DeleteAsync(work.Scope, environment.Id, change.Segment, work.CancellationToken);
        target.DeleteSegment(change.Segment, change);
        var beforeJson = SegmentJson.ToElement(before.Segment);
        await work.AuditAsync(new AuditRecord("segment.delete", work.Project.Key, environment.Key, SegmentResource(work, environment.Key, change.Segment), beforeJson, null));
        await work.WebhookAsync(new WebhookEvent(WebhookEventTypes.SegmentDeleted, "segment.delete", work.Project.Key, environment.Key, target.Version, "segment", change.Segment, beforeJson, null));
        return new ChangeResult(change, ChangeEffect.Deleted, before with { Segment = before.Segment with { Version = target.Version } }, []);
    }

    private static async Task<ChangeResult> PutSegmentAsync(ChangeWork work, PutSegment change)
    {
        var environment = work.Environment(change.Environment);
        var before = await SegmentStore.FindAsync(work.Scope, environment, change.Segment.Key, work.CancellationToken);
        if (before is not null && SegmentJson.Same(before.Segment, change.Segment))
        {
            return new ChangeResult(change, ChangeEffect.Unchanged, before, []);
        }

        var fields = before is null ? [] : Fields(SegmentJson.ToElement(before.Segment), SegmentJson.ToElement(change.Segment));
        var result = await WriteSegmentAsync(work, change.Environment, before, change.Segment, change);
        return result with { Fields = fields };
    }

    private static async Task<ChangeResult> WriteSegmentAsync(ChangeWork work, string environmentKey, SegmentState? before, SegmentDefinition segment, Change change)
    {
        var environment = work.Environment(environmentKey);
        var target = await work.TouchAsync(environment);
        var written = segment with { Version = target.Version };
        var revision = (before?.Revision ?? 0) + 1;
        await SegmentStore.UpsertAsync(work.Scope, environment.Id, written, revision, work.CancellationToken);
        target.UpsertSegment(written, change);
        var (action, type) = before is null ? ("segment.create", WebhookEventTypes.SegmentCreated) : ("segment.update", WebhookEventTypes.SegmentUpdated);
        var beforeJson = before is null ? (System.Text.Json.JsonElement?)null : SegmentJson.ToElement(before.Segment);
        var afterJson = SegmentJson.ToElement(written);
        await work.AuditAsync(new AuditRecord(action, work.Project.Key, environment.Key, SegmentResource(work, environment.Key, segment.Key), beforeJson, afterJson));
        await work.WebhookAsync(new WebhookEvent(type, action, work.Project.Key, environment.Key, target.Version, "segment", segment.Key, beforeJson, afterJson));
        return new ChangeResult(change, before is null ? ChangeEffect.Created : ChangeEffect.Updated, new SegmentState(work.Project.Key, environment.Key, written, revision), []);
    }

    private static async Task<SegmentState> FindSegmentAsync(ChangeWork work, string environmentKey, string key, Change change) =>
        await SegmentStore.FindAsync(work.Scope, work.Environment(environmentKey), key, work.CancellationToken)
            ?? throw Missing($"segment '{key}' not found in environment '{environmentKey}' of project '{work.Project.Key}'", change);

    private static string SegmentResource(ChangeWork work, string environment, string key) =>
        $"projects/{work.Project.Key}/environments/{environment}/segments/{key}";

    /// <summary>The top-level fields whose values differ between two JSON objects.</summary>
    private static IReadOnlyList<string> Fields(System.Text.Json.JsonElement before, System.Text.Json.JsonElement after) =>
        [.. AuditChanges.Compare(before, after).Select(c => c.Path.Split('.', '[')[0]).Distinct(StringComparer.Ordinal)];
}
