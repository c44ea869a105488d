using Vexil.Server.Dashboard.Audit;
using Vexil.Server.Dashboard.Auth;

namespace Vexil.Server.Dashboard.Environments;

/// <summary>/projects/{project}/compare?left=…&amp;right=…: two environments side by side, differences highlighted, each a promotion away.</summary>
internal static class DashboardCompare
{
    public static void MapDashboardCompare(this IEndpointRouteBuilder app) =>
        app.MapGet("/projects/{project}/compare", CompareAsync).RequireAuthorization(DashboardPolicies.Viewer).ExcludeFromDescription();

    private static async Task<IResult> CompareAsync(string project, string? left, string? right, string? flag, bool? different, HttpContext http, DashboardData store, CancellationToken cancellationToken)
    {
        var shell = await DashboardPages.ShellAsync(http, store, project, "compare", cancellationToken);
        if (shell is null || shell.Environments.Count == 0)
        {
            return DashboardPages.NotFound(http);
        }

        var environments = shell.Environments;
        var a = left is null ? environments[0] : environments.FirstOrDefault(e => e.Key == left);
        var b = right is null ? environments.FirstOrDefault(e => e.Key != a?.Key) ?? a : environments.FirstOrDefault(e => e.Key == right);
        if (a is null || b is null)
        {
            return DashboardPages.NotFound(http);
        }

        var snapshotA = await store.Snapshots.GetAsync(a.Id, cancellationToken);
        var snapshotB = await store.Snapshots.GetAsync(b.Id, cancellationToken);
        var specs = await store.Flags.ListSpecsAsync(project, cancellationToken);
        var rows = new List<CompareRow>();
        foreach (var spec in specs.Values.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (flag is not null && spec.Key != flag)
            {
                continue;
            }

            var inA = snapshotA?.Flag(spec.Key);
            var inB = snapshotB?.Flag(spec.Key);
            IReadOnlyList<string> differences = inA is null || inB is null ? [] : FlagSentences.Compare(inB, inA);
            var row = new CompareRow(spec, inA, inB, differences);
            if (different != true || row.Differs)
            {
                rows.Add(row);
            }
        }

        return DashboardPages.Render<Pages.ComparePage>(http, shell, new CompareModel(a, b, flag, different == true, rows));
    }
}
