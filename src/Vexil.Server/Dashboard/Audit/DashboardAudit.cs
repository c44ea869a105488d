using Vexil.Events.Insights;
using Vexil.Server.Audit;
using Vexil.Server.Dashboard.Auth;
using Vexil.Server.Flags;

namespace Vexil.Server.Dashboard.Audit;

/// <summary>The audit history of a project (or one flag) with before/after differences, and the stale-flag list.</summary>
internal static class DashboardAudit
{
    private const int PageSize = 50;

    public static void MapDashboardAudit(this IEndpointRouteBuilder app)
    {
        app.MapGet("/projects/{project}/audit", AuditAsync).RequireAuthorization(DashboardPolicies.Viewer).ExcludeFromDescription();
        app.MapGet("/projects/{project}/stale", StaleAsync).RequireAuthorization(DashboardPolicies.Viewer).ExcludeFromDescription();
    }

    private static async Task<IResult> AuditAsync(string project, HttpContext context, DashboardData store, CancellationToken cancellationToken)
    {
        var shell = await DashboardPages.ShellAsync(context, store, project, "audit", cancellationToken);
        if (shell is null)
        {
            return DashboardPages.NotFound(context);
        }

        // Read by hand, not bound: a date or id that does not parse is a message on the page, never a 400 page.
        var filter = AuditFilter.Parse(context.Request.Query);
        if (filter.Errors.Count > 0)
        {
            return DashboardPages.Render<Pages.AuditPage>(context, shell, new AuditModel(filter, [], null), StatusCodes.Status400BadRequest);
        }

        var query = new AuditQuery(
            project,
            filter.Before,
            PageSize,
            filter.Environment,
            filter.Actor,
            filter.Flag is null ? null : $"projects/{project}/flags/{filter.Flag}",
            filter.From,
            filter.To);
        var entries = await store.Audit.ListAsync(query, cancellationToken);
        var next = entries.Count == PageSize ? entries[^1].Id : (long?)null;
        return DashboardPages.Render<Pages.AuditPage>(context, shell, new AuditModel(filter, entries, next));
    }

    private static async Task<IResult> StaleAsync(string project, int? days, HttpContext context, DashboardData store, FlagInsights insights, CancellationToken cancellationToken)
    {
        var shell = await DashboardPages.ShellAsync(context, store, project, "stale", cancellationToken);
        if (shell?.Environment is null)
        {
            return DashboardPages.NotFound(context);
        }

        var period = Math.Clamp(days ?? 30, 0, 3650);
        var lifecycles = new List<FlagLifecycle>();
        string? after = null;
        do
        {
            var page = await store.Flags.ListAsync(project, new FlagQuery(null, null, null, null, after, 500), cancellationToken);
            lifecycles.AddRange(page.Items.Select(f => new FlagLifecycle(f.Spec.Key, f.CreatedAt, f.Spec.Lifetime == Core.Model.FlagLifetime.Temporary)));
            after = page.NextCursor;
        }
        while (after is not null);

        var stale = await insights.GetStaleFlagsAsync(EventsApi.EnvironmentName(shell.Environment.Id), lifecycles, TimeSpan.FromDays(period), cancellationToken);
        return DashboardPages.Render<Pages.StalePage>(context, shell, new StaleModel(period, stale));
    }
}

/// <summary>A page of the audit log of a project, filtered (by flag, actor, environment, dates), and the id to read older entries before.</summary>
internal sealed record AuditModel(AuditFilter Filter, IReadOnlyList<AuditEntry> Entries, long? Before)
{
    public string? Flag => Filter.Flag;
}

/// <summary>The stale flags of an environment for a stale period in days.</summary>
internal sealed record StaleModel(int Days, IReadOnlyList<StaleFlag> Flags);
