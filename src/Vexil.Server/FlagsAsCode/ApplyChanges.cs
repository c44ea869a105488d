using Vexil.Server.Changes;
using Vexil.Server.Storage;

namespace Vexil.Server.FlagsAsCode;

/// <summary>A flags file as one change set (segments first, so flags can use them), and what recording it did.</summary>
internal static class ApplyChanges
{
    public static ChangeSet For(string project, string environment, FlagsFile file, WriteContext context)
    {
        var changes = new List<Change>(file.Flags.Count + file.Segments.Count);
        for (var i = 0; i < file.Segments.Count; i++)
        {
            changes.Add(new PutSegment(environment, file.Segments[i]) { Path = $"segments[{i}]" });
        }

        for (var i = 0; i < file.Flags.Count; i++)
        {
            var flag = file.Flags[i];
            var targeting = new Dictionary<string, Flags.FlagTargeting>(StringComparer.Ordinal) { [environment] = flag.Targeting };
            changes.Add(new PutFlag(flag.Spec, targeting, KeepName: false) { Path = $"flags[{i}]" });
        }

        return new ChangeSet(project, changes, context.Comment is null ? context with { Comment = "flags as code (apply)" } : context, ChangeOrigin.Apply);
    }

    public static ApplyResponse Summarize(ChangeOutcome outcome, bool dryRun, string environment, IReadOnlyDictionary<string, long> versions, long currentVersion)
    {
        var flags = new List<ApplyItem>();
        var segments = new List<ApplyItem>();
        foreach (var result in outcome.Results)
        {
            var change = result.Effect switch
            {
                ChangeEffect.Created => "create",
                ChangeEffect.Updated => "update",
                _ => "unchanged",
            };
            switch (result.Change)
            {
                case PutFlag put:
                    flags.Add(new ApplyItem(put.Spec.Key, change, result.Fields));
                    break;
                case PutSegment put:
                    segments.Add(new ApplyItem(put.Segment.Key, change, result.Fields));
                    break;
            }
        }

        return new ApplyResponse(dryRun, environment, versions.TryGetValue(environment, out var version) ? version : currentVersion, flags, segments, versions);
    }
}
