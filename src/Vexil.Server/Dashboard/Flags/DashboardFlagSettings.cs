using Vexil.Core.Model;
using Vexil.Server.Changes;
using Vexil.Server.Dashboard.Auth;
using Vexil.Server.Flags;
using Vexil.Server.Flags.Api;
using Vexil.Server.Storage;

namespace Vexil.Server.Dashboard.Flags;

/// <summary>
/// A flag's settings: its name, description, tags, lifetime, type and variations (shared by every environment), archive
/// and restore, and delete. Every write is one typed change through the recorder, against the version the form was
/// rendered from; a variation still served somewhere is not removed, and a flag others depend on is not deleted.
/// </summary>
internal static class DashboardFlagSettings
{
    public static void MapDashboardFlagSettings(this IEndpointRouteBuilder app)
    {
        app.MapGet("/projects/{project}/flags/{flag}/settings", PageAsync).RequireAuthorization(DashboardPolicies.Viewer).ExcludeFromDescription();
        var group = app.MapGroup("/projects/{project}/flags/{flag}").RequireAuthorization(DashboardPolicies.Editor).ExcludeFromDescription();
        group.MapPost("/settings", SaveAsync).RequireFormToken();
        group.MapPost("/archive", (string project, string flag, IFormCollection form, HttpContext http, DashboardData store, CancellationToken ct) =>
            LifecycleAsync(project, flag, form, http, store, etag => new ArchiveFlag(flag, true, etag), "archived", ct)).RequireFormToken();
        group.MapPost("/restore", (string project, string flag, IFormCollection form, HttpContext http, DashboardData store, CancellationToken ct) =>
            LifecycleAsync(project, flag, form, http, store, etag => new ArchiveFlag(flag, false, etag), "restored", ct)).RequireFormToken();
        group.MapPost("/delete", (string project, string flag, IFormCollection form, HttpContext http, DashboardData store, CancellationToken ct) =>
            LifecycleAsync(project, flag, form, http, store, etag => new DeleteFlag(flag, etag), "deleted", ct)).RequireFormToken();
    }

    private static async Task<IResult> PageAsync(string project, string flag, string? saved, HttpContext http, DashboardData store, CancellationToken cancellationToken)
    {
        var shell = await DashboardPages.ShellAsync(http, store, project, "flags", cancellationToken);
        var state = await store.Flags.GetAsync(project, flag, cancellationToken);
        return shell is null || state is null
            ? DashboardPages.NotFound(http)
            : DashboardPages.Render<Pages.FlagSettingsPage>(http, shell, new FlagSettingsModel(state, FlagSettingsForm.From(state.Spec), [], saved));
    }

    private static async Task<IResult> SaveAsync(string project, string flag, IFormCollection f, HttpContext http, DashboardData store, CancellationToken cancellationToken)
    {
        var current = await store.Flags.GetAsync(project, flag, cancellationToken);
        if (current is null)
        {
            return DashboardPages.NotFound(http);
        }

        var form = new FlagSettingsForm(f["name"].ToString().Trim(), f["type"].ToString(), f["description"].ToString(), f["tags"].ToString(), f["lifetime"].ToString(), f["variations"].ToString());
        var errors = new List<string>();
        var variations = NewFlagVariations.Parse(form.Type, form.Variations, errors);
        var request = new FlagDefinitionRequest(
            flag,
            form.Type,
            form.Name.Length == 0 ? flag : form.Name,
            string.IsNullOrWhiteSpace(form.Description) ? null : form.Description.Trim(),
            [.. FlagConfigEdits.SplitList(form.Tags)],
            form.Lifetime,
            variations,
            current.Spec.ExpectedLifetimeDays);
        FlagSpec? spec = null;
        if (errors.Count == 0)
        {
            errors.AddRange(FlagRequestValidation.Check(request, flag).Messages);
        }

        if (errors.Count == 0)
        {
            (spec, var invalid) = FlagRequestValidation.ToSpec(request, flag);
            errors.AddRange(invalid.Messages);
        }

        if (spec is not null && errors.Count == 0)
        {
            spec = spec with { Variations = KeepDetails(current.Spec.Variations, spec.Variations) };
            var removed = current.Spec.VariationKeys().Except(spec.VariationKeys(), StringComparer.Ordinal).ToList();
            if (removed.Count > 0)
            {
                errors.AddRange(VariationUsage.Find(flag, removed, await RulesetsAsync(project, store, cancellationToken)));
            }
        }

        if (spec is not null && errors.Count == 0)
        {
            var back = $"/projects/{project}/flags/{Uri.EscapeDataString(flag)}/settings";
            var result = await store.Recorder.RecordAsync(ChangeSet.Of(project, new UpdateFlag(spec, new Precondition(f["etag"].ToString())), DashboardPages.WriteContext(http, f["comment"]), ChangeOrigin.Dashboard), cancellationToken);
            if (Answer(http, result, back, "saved") is { } answer)
            {
                return answer;
            }

            errors.AddRange(DashboardPromote.Messages(result));
        }

        return await RefusedAsync(project, flag, http, store, form, errors, cancellationToken);
    }

    private static async Task<IResult> LifecycleAsync(string project, string flag, IFormCollection f, HttpContext http, DashboardData store, Func<Precondition, Change> change, string saved, CancellationToken cancellationToken)
    {
        if (await store.Flags.GetAsync(project, flag, cancellationToken) is not { } current)
        {
            return DashboardPages.NotFound(http);
        }

        if (saved == "deleted" && f["confirm"] != "yes")
        {
            return await RefusedAsync(project, flag, http, store, FlagSettingsForm.From(current.Spec), ["Tick “I understand this cannot be undone” to delete the flag."], cancellationToken);
        }

        if (saved is "archived" or "deleted" && FlagDependents.Find(flag, await RulesetsAsync(project, store, cancellationToken)) is { Count: > 0 } dependents)
        {
            return await RefusedAsync(project, flag, http, store, FlagSettingsForm.From(current.Spec), [.. dependents], cancellationToken);
        }

        var back = $"/projects/{project}/flags/{Uri.EscapeDataString(flag)}/settings";
        var result = await store.Recorder.RecordAsync(ChangeSet.Of(project, change(new Precondition(f["etag"].ToString())), DashboardPages.WriteContext(http, f["comment"]), ChangeOrigin.Dashboard), cancellationToken);
        if (result.Status == WriteStatus.Ok && saved == "deleted")
        {
            return DashboardPages.SeeOther($"/projects/{project}/flags?deleted={Uri.EscapeDataString(flag)}");
        }

        return Answer(http, result, back, saved)
            ?? await RefusedAsync(project, flag, http, store, FlagSettingsForm.From(current.Spec), [.. DashboardPromote.Messages(result)], cancellationToken);
    }

    /// <summary>The answer to a write that did not need the form again (saved, held, refused, stale, gone); null when it shows the form with errors.</summary>
    private static IResult? Answer(HttpContext http, WriteResult<ChangeOutcome> result, string back, string saved) => result.Status switch
    {
        WriteStatus.Ok => DashboardPages.SeeOther($"{back}?saved={saved}"),
        WriteStatus.NotFound => DashboardPages.NotFound(http),
        WriteStatus.Held => DashboardPages.Held(http, result, back),
        WriteStatus.Forbidden => DashboardPages.Refused(http, result, back),
        WriteStatus.PreconditionFailed => DashboardPages.Stale(http, back),
        _ => null,
    };

    private static async Task<IResult> RefusedAsync(string project, string flag, HttpContext http, DashboardData store, FlagSettingsForm form, List<string> errors, CancellationToken cancellationToken)
    {
        var shell = await DashboardPages.ShellAsync(http, store, project, "flags", cancellationToken);
        var state = await store.Flags.GetAsync(project, flag, cancellationToken);
        return shell is null || state is null
            ? DashboardPages.NotFound(http)
            : DashboardPages.Render<Pages.FlagSettingsPage>(http, shell, new FlagSettingsModel(state, form, errors, null), StatusCodes.Status422UnprocessableEntity);
    }

    /// <summary>Every environment's served flags (to find who still uses a variation).</summary>
    private static async Task<IReadOnlyList<(string Environment, RulesetDefinition Ruleset)>> RulesetsAsync(string project, DashboardData store, CancellationToken cancellationToken)
    {
        var rulesets = new List<(string, RulesetDefinition)>();
        foreach (var environment in await store.Environments.ListAsync(project, cancellationToken))
        {
            if (await store.Snapshots.GetAsync(environment.Id, cancellationToken) is { } snapshot)
            {
                rulesets.Add((environment.Name, snapshot.Definition));
            }
        }

        return rulesets;
    }

    /// <summary>A variation kept by key keeps its name, description and metadata (imported flags carry them; the form edits only values).</summary>
    private static List<VariationDefinition> KeepDetails(IReadOnlyList<VariationDefinition> before, IReadOnlyList<VariationDefinition> after) =>
        [.. after.Select(v => before.FirstOrDefault(b => b.Key == v.Key) is { } old ? old with { Value = v.Value } : v)];
}
