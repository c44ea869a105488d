using Vexil.Server.Audit;

namespace Vexil.Server.Dashboard.Audit;

/// <summary>An audit entry's changed fields as the dashboard's difference table shows them.</summary>
internal static class AuditLines
{
    public static IReadOnlyList<(string Path, string? Before, string? After)> Of(AuditEntry entry) =>
        [.. (entry.Changes ?? AuditChanges.Compare(entry.Before, entry.After)).Select(c => (c.Path, c.Before, c.After))];
}
