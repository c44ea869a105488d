using System.Text.Json;
using System.Text.Json.Serialization;
using Vexil.Server.Audit;
using Vexil.Server.Changes;
using Vexil.Server.Storage;

namespace Vexil.Server.Governance;

/// <summary>How a proposed change set is stored: its changes without their If-Match (the bases stand for them), its bases, its readable difference, and the lists it is found by.</summary>
internal static class ChangeRequestJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerOptions.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    public static string WriteBases(IReadOnlyList<ChangeBase> bases) => JsonSerializer.Serialize(bases, Options);

    public static IReadOnlyList<ChangeBase> ReadBases(string json) => JsonSerializer.Deserialize<List<ChangeBase>>(json, Options) ?? [];

    public static JsonElement BasesElement(string json) => JsonDocument.Parse(json).RootElement.Clone();

    /// <summary>The audit records of a dry run as the readable difference: per object, the action and the paths that change.</summary>
    public static string WriteDiff(IReadOnlyList<AuditRecord> records) =>
        JsonSerializer.Serialize(records.Select(r => new DiffEntry(r.Action, r.Environment, r.Resource, AuditChanges.Compare(r.Before, r.After))), Options);

    /// <summary>The changes as stored: the If-Match of each is dropped, since the set's bases are checked when it is applied (and re-read by a rebase).</summary>
    public static string WriteChanges(IReadOnlyList<Change> changes) => ChangeJson.WriteAll([.. changes.Select(WithoutPrecondition)]);

    public static Change WithoutPrecondition(Change change) => change switch
    {
        UpdateFlag c => c with { Base = Precondition.None },
        DeleteFlag c => c with { Base = Precondition.None },
        ArchiveFlag c => c with { Base = Precondition.None },
        ConfigureFlag c => c with { Base = Precondition.None },
        ToggleFlag c => c with { Base = Precondition.None },
        PromoteFlag c => c with { Base = Precondition.None },
        RollbackFlag c => c with { Base = Precondition.None },
        UpdateSegment c => c with { Base = Precondition.None },
        DeleteSegment c => c with { Base = Precondition.None },
        RenameProject c => c with { Base = Precondition.None },
        ArchiveProject c => c with { Base = Precondition.None },
        RenameEnvironment c => c with { Base = Precondition.None },
        ArchiveEnvironment c => c with { Base = Precondition.None },
        _ => change,
    };

    /// <summary>The flags a set names (for listing by flag).</summary>
    public static IReadOnlyList<string> FlagsOf(IReadOnlyList<Change> changes) =>
        [.. changes.SelectMany(ChangeBases.ObjectsOf).Where(o => o.Kind is ChangeBaseKind.Flag or ChangeBaseKind.Targeting).Select(o => o.Key).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>A list as stored, <c>,a,b,</c>, so that <c>LIKE '%,a,%'</c> finds it.</summary>
    public static string List(IEnumerable<string> keys)
    {
        var text = string.Join(',', keys);
        return text.Length == 0 ? string.Empty : $",{text},";
    }

    public static IReadOnlyList<string> ParseList(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A title for a set nobody named: its first change in words, and how many follow.</summary>
    public static string TitleOf(IReadOnlyList<Change> changes)
    {
        var first = changes[0] switch
        {
            ToggleFlag c => $"Turn {(c.Enabled ? "on" : "off")} flag '{c.Flag}' in {c.Environment}",
            ConfigureFlag c => $"Change the targeting of flag '{c.Flag}' in {c.Environment}",
            RollbackFlag c => $"Roll back flag '{c.Flag}' in {c.Environment} to version {c.ToVersion}",
            PromoteFlag c => $"Copy flag '{c.Flag}' from {c.From} to {c.To}",
            CreateFlag c => $"Create flag '{c.Spec.Key}'",
            UpdateFlag c => $"Change flag '{c.Spec.Key}'",
            DeleteFlag c => $"Delete flag '{c.Flag}'",
            ArchiveFlag c => $"{(c.Archived ? "Archive" : "Restore")} flag '{c.Flag}'",
            PutFlag c => $"Set flag '{c.Spec.Key}'",
            CreateSegment c => $"Create segment '{c.Segment.Key}' in {c.Environment}",
            UpdateSegment c => $"Change segment '{c.Segment.Key}' in {c.Environment}",
            PutSegment c => $"Set segment '{c.Segment.Key}' in {c.Environment}",
            DeleteSegment c => $"Delete segment '{c.Segment}' in {c.Environment}",
            RenameEnvironment c => $"Rename environment {c.Key} to “{c.Name}”",
            ArchiveEnvironment c => $"{(c.Archived ? "Archive" : "Restore")} environment {c.Key}",
            ArchiveProject c => $"{(c.Archived ? "Archive" : "Restore")} the project",
            ReorderEnvironments c => $"Order environments: {string.Join(", ", c.Keys)}",
            var c => ChangeJson.TypeOf(c),
        };
        return changes.Count == 1 ? first : $"{first} and {changes.Count - 1} more change{(changes.Count == 2 ? string.Empty : "s")}";
    }

    private sealed record DiffEntry(string Action, string? Environment, string Resource, IReadOnlyList<AuditChange> Changes);
}
