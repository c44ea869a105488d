using Microsoft.AspNetCore.Http.HttpResults;
using Vexil.Events.Insights;
using Vexil.Server.Dashboard.Audit;
using Vexil.Server.Dashboard.Auth;
using Vexil.Server.Flags;
using Vexil.Server.Changes;
using Vexil.Server.Flags.Api;
using Vexil.Server.Storage;

namespace Vexil.Server.Dashboard.Flags;

/// <summary>The flag list, the new-flag form and the flag page.</summary>
internal static class DashboardFlags
{
    private const int PageSize = 100;

    public static void MapDashboardFlags(this IEndpointRouteBuilder app)
    {
        app.MapGet("/projects/{project}/flags", ListAsync).RequireAuthorization(DashboardPolicies.Viewer).ExcludeFromDescription();
        app.MapGet("/projects/{project}/flags/new", NewAsync).RequireAuthorization(DashboardPolicies.Editor).ExcludeFromDescription();
        app.MapPost("/projects/{project}/flags", CreateAsync).RequireAuthorization(DashboardPolicies.Editor).RequireFormToken().ExcludeFromDescription();
        app.MapGet("/projects/{project}/flags/{flag}", PageAsync).RequireAuthorization(DashboardPolicies.Viewer).ExcludeFromDescription();
    }

    private static async Task<RazorComponentResult> ListAsync(
        string project,
        string? q,
        string? tag,
        string? cursor,
        bool? archived,
        string? deleted,
        HttpContext context,
        DashboardData store,
        FlagInsights insights,
        CancellationToken cancellationToken)
    {
        var shell = await DashboardPages.ShellAsync(context, store, project, "flags", cancellationToken);
        if (shell is null)
        {
            return DashboardPages.NotFound(context);
        }

        var page = await store.Flags.ListAsync(project, new FlagQuery(NullIfEmpty(q), NullIfEmpty(tag), null, null, cursor, PageSize, archived == true), cancellationToken);
        var all = await store.Flags.ListAsync(project, new FlagQuery(null, null, null, null, null, 500), cancellationToken);
        var tags = all.Items.SelectMany(f => f.Spec.Tags).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var enabled = new Dictionary<string, Dictionary<string, bool>>(StringComparer.Ordinal);
        foreach (var environment in shell.Environments)
        {
            var snapshot = await store.Snapshots.GetAsync(environment.Id, cancellationToken);
            foreach (var row in page.Items)
            {
                if (snapshot?.Flag(row.Spec.Key) is not { } flag)
                {
                    continue;
                }

                if (!enabled.TryGetValue(flag.Key, out var states))
                {
                    enabled[flag.Key] = states = new Dictionary<string, bool>(StringComparer.Ordinal);
                }

                states[environment.Key] = flag.Enabled;
            }
        }

        var lastEvaluated = shell.Environment is null
            ? new Dictionary<string, DateTimeOffset>()
            : await insights.GetLastEvaluatedAsync(EventsApi.EnvironmentName(shell.Environment.Id), cancellationToken);
        var rows = page.Items
            .Select(f => new FlagRow(f, enabled.GetValueOrDefault(f.Spec.Key) ?? [], lastEvaluated.TryGetValue(f.Spec.Key, out var at) ? at : null))
            .ToList();
        return DashboardPages.Render<Pages.FlagListPage>(context, shell, new FlagListModel(q ?? string.Empty, NullIfEmpty(tag), tags, rows, page.NextCursor) { Archived = archived == true, Deleted = NullIfEmpty(deleted) });
    }

    private static async Task<RazorComponentResult> NewAsync(string project, HttpContext context, DashboardData store, CancellationToken cancellationToken)
    {
        var shell = await DashboardPages.ShellAsync(context, store, project, "flags", cancellationToken);
        return shell is null
            ? DashboardPages.NotFound(context)
            : DashboardPages.Render<Pages.NewFlagPage>(context, shell, new NewFlagModel(NewFlagForm.Empty, []));
    }

    private static async Task<IResult> CreateAsync(string project, IFormCollection f, HttpContext context, DashboardData store, CancellationToken cancellationToken)
    {
        var shell = await DashboardPages.ShellAsync(context, store, project, "flags", cancellationToken);
        if (shell is null)
        {
            return DashboardPages.NotFound(context);
        }

        var form = new NewFlagForm(f["key"].ToString().Trim(), f["name"].ToString().Trim(), f["type"].ToString(), f["description"].ToString(), f["tags"].ToString(), f["lifetime"].ToString(), f["variations"].ToString());
        var errors = new List<string>();
        var variations = NewFlagVariations.Parse(form.Type, form.Variations, errors);
        var request = new FlagDefinitionRequest(
            form.Key,
            form.Type,
            form.Name.Length == 0 ? form.Key : form.Name,
            string.IsNullOrWhiteSpace(form.Description) ? null : form.Description.Trim(),
            [.. FlagConfigEdits.SplitList(form.Tags)],
            form.Lifetime,
            variations);
        if (errors.Count == 0)
        {
            errors.AddRange(FlagRequestValidation.Check(request, null).Messages);
        }

        if (errors.Count == 0)
        {
            var (spec, invalid) = FlagRequestValidation.ToSpec(request, null);
            var result = spec is null
                ? Storage.WriteResult<ChangeOutcome>.Invalid([])
                : await store.Recorder.RecordAsync(ChangeSet.Of(project, new CreateFlag(spec), DashboardPages.WriteContext(context, null), ChangeOrigin.Dashboard), cancellationToken);
            errors.AddRange(invalid.Messages);
            switch (result.Status)
            {
                case WriteStatus.Ok:
                    return DashboardPages.SeeOther($"/projects/{project}/flags/{Uri.EscapeDataString(form.Key)}?saved=created");
                case WriteStatus.Conflict:
                    errors.Add($"A flag with the key '{form.Key}' already exists in this project.");
                    break;
                case WriteStatus.NotFound:
                    return DashboardPages.NotFound(context);
                case WriteStatus.Held:
                    return DashboardPages.Held(context, result, $"/projects/{project}/flags");
                case WriteStatus.Forbidden:
                    return DashboardPages.Refused(context, result, $"/projects/{project}/flags");
                default:
                    errors.AddRange(result.Errors.Select(e => $"{e.Path}: {e.Message}"));
                    break;
            }
        }

        return DashboardPages.Render<Pages.NewFlagPage>(context, shell, new NewFlagModel(form, errors), StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<RazorComponentResult> PageAsync(string project, string flag, string? saved, string? context, HttpContext http, IServiceProvider services, CancellationToken cancellationToken)
    {
        var model = await LoadAsync(http, services, project, flag, saved, context, [], cancellationToken);
        return model is null ? DashboardPages.NotFound(http) : DashboardPages.Render<Pages.FlagPage>(http, model.Value.Shell, model.Value.Model);
    }

    /// <summary>Everything the flag page shows; null when the project, environment or flag does not exist.</summary>
    internal static async Task<(DashboardShell Shell, FlagPageModel Model)?> LoadAsync(
        HttpContext http,
        IServiceProvider services,
        string project,
        string flag,
        string? saved,
        string? contextJson,
        IReadOnlyList<string> errors,
        CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<DashboardData>();
        var shell = await DashboardPages.ShellAsync(http, store, project, "flags", cancellationToken);
        var definition = await store.Flags.GetAsync(project, flag, cancellationToken);
        if (shell?.Environment is null || definition is null)
        {
            return null;
        }

        var state = await store.Flags.GetInEnvironmentAsync(project, shell.Environment.Key, flag, cancellationToken);
        if (state is null)
        {
            return null;
        }

        var enabled = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var environment in shell.Environments)
        {
            enabled[environment.Key] = environment.Key == shell.Environment.Key
                ? state.Targeting.Enabled
                : (await store.Flags.GetInEnvironmentAsync(project, environment.Key, flag, cancellationToken))?.Targeting.Enabled ?? false;
        }

        var others = await store.Flags.ListAsync(project, new FlagQuery(null, null, null, null, null, 500), cancellationToken);
        var ruleset = (await store.Snapshots.GetAsync(shell.Environment.Id, cancellationToken))?.Compiled;
        var preview = FlagPreview.Run(ruleset, flag, contextJson);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var usage = await services.GetRequiredService<FlagInsights>().GetUsageAsync(
            EventsApi.EnvironmentName(shell.Environment.Id), flag, Hour(now).AddHours(-23), Hour(now).AddHours(1), UsageGranularity.Hour, cancellationToken);
        var history = await DashboardHistory.ForFlagAsync(store, project, flag, 20, cancellationToken);
        var model = new FlagPageModel(
            definition,
            state,
            FlagConfigView.From(state.Targeting),
            enabled,
            [.. others.Items.Select(o => o.Spec.Key).Where(k => k != flag)],
            preview,
            usage,
            history,
            saved,
            errors);
        return (shell, model);
    }

    private static DateTimeOffset Hour(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero);

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
