using Vexil.Server.Audit;

namespace Vexil.Server.Dashboard.Audit;

/// <summary>Reads the audit log for the dashboard: one flag's history (its spec and its targeting in every environment).</summary>
internal static class DashboardHistory
{
    public static Task<IReadOnlyList<AuditEntry>> ForFlagAsync(DashboardData store, string project, string flag, int limit, CancellationToken cancellationToken) =>
        store.Audit.ListAsync(new AuditQuery(project, null, limit, Resource: $"projects/{project}/flags/{flag}"), cancellationToken);
}
