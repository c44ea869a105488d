using Vexil.Server.Audit;
using Vexil.Server.Storage;

namespace Vexil.Server.Dashboard.Audit;

/// <summary>Reads the audit log for the dashboard: a project's history, or one flag's.</summary>
internal static class DashboardHistory
{
    private const int Scan = 500;

    public static async Task<IReadOnlyList<AuditEntry>> ForFlagAsync(IControlPlaneStore store, string project, string flag, int limit, CancellationToken cancellationToken)
    {
        var found = new List<AuditEntry>();
        long? before = null;
        for (var pages = 0; pages < 20 && found.Count < limit; pages++)
        {
            var page = await store.ListAuditAsync(new AuditQuery(project, before, Scan), cancellationToken);
            foreach (var entry in page)
            {
                if (entry.Resource.EndsWith("/flags/" + flag, StringComparison.Ordinal) && found.Count < limit)
                {
                    found.Add(entry);
                }
            }

            if (page.Count < Scan)
            {
                break;
            }

            before = page[^1].Id;
        }

        return found;
    }
}
