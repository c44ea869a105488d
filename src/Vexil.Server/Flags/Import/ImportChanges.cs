using Vexil.Core.Model;
using Vexil.Server.Changes;
using Vexil.Server.Storage;

namespace Vexil.Server.Flags.Import;

/// <summary>
/// An import as one change set: every imported flag is put (created, or brought to the imported state where it
/// differs; an existing flag keeps its name and lifetime), configured in the target environment, and every imported
/// segment likewise — recorded in one transaction, or rolled back whole on a dry run.
/// </summary>
internal static class ImportChanges
{
    public static ChangeSet For(string project, string environment, IReadOnlyList<FlagDefinition> flags, IReadOnlyList<SegmentDefinition> segments, WriteContext context)
    {
        var changes = new List<Change>(flags.Count + segments.Count);
        foreach (var segment in segments)
        {
            changes.Add(new PutSegment(environment, segment) { Path = $"segments.{segment.Key}" });
        }

        foreach (var flag in flags)
        {
            var targeting = new Dictionary<string, FlagTargeting>(StringComparer.Ordinal) { [environment] = FlagTargeting.From(flag) };
            changes.Add(new PutFlag(FlagSpec.From(flag), targeting, KeepName: true) { Path = $"flags.{flag.Key}" });
        }

        return new ChangeSet(project, changes, context, ChangeOrigin.Import);
    }

    public static ImportOutcome Summarize(ChangeOutcome outcome, string environment, IReadOnlyDictionary<string, long> versions, long currentVersion)
    {
        List<string> created = [], updated = [], unchanged = [];
        foreach (var result in outcome.Results)
        {
            if (result.Change is not PutFlag put)
            {
                continue;
            }

            (result.Effect switch
            {
                ChangeEffect.Created => created,
                ChangeEffect.Updated => updated,
                _ => unchanged,
            }).Add(put.Spec.Key);
        }

        return new ImportOutcome(created, updated, unchanged, versions.TryGetValue(environment, out var version) ? version : currentVersion);
    }
}
