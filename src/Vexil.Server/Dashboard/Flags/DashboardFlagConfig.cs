using Vexil.Server.Dashboard.Auth;
using Vexil.Server.Flags;
using Vexil.Core.Model;
using Vexil.Server.Changes;
using Vexil.Server.Storage;

namespace Vexil.Server.Dashboard.Flags;

/// <summary>
/// The flag page's writes in one environment: the on/off switch (turning off in production asks for a confirmation
/// and a comment), individual targets, rules, the fallthrough and prerequisites. Each form carries the version
/// (ETag) it was rendered from; the store refuses a change made against an older one, and nothing is overwritten.
/// </summary>
internal static class DashboardFlagConfig
{
    public static void MapDashboardFlagConfig(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/projects/{project}/flags/{flag}").RequireAuthorization(DashboardPolicies.Editor).ExcludeFromDescription();
        group.MapPost("/toggle", ToggleAsync).RequireFormToken();
        group.MapPost("/targets", TargetsAsync).RequireFormToken();
        group.MapPost("/rules", RulesAsync).RequireFormToken();
        group.MapPost("/fallthrough", FallthroughAsync).RequireFormToken();
        group.MapPost("/prerequisites", PrerequisitesAsync).RequireFormToken();
    }

    private static async Task<IResult> ToggleAsync(string project, string flag, IFormCollection form, HttpContext http, IServiceProvider services, CancellationToken cancellationToken)
    {
        var environment = form["env"].ToString();
        var enabled = form["enabled"] == "true";
        var comment = form["comment"].ToString();
        if (!enabled && DashboardShell.IsProduction(environment) && (form["confirm"] != "yes" || string.IsNullOrWhiteSpace(comment)))
        {
            var store = services.GetRequiredService<DashboardData>();
            var shell = await DashboardPages.ShellAsync(http, store, project, "flags", cancellationToken);
            var definition = await store.Flags.GetAsync(project, flag, cancellationToken);
            if (shell is null || definition is null)
            {
                return DashboardPages.NotFound(http);
            }

            var error = form["confirm"] == "yes" ? "Say why in a comment: it goes into the audit log with the change." : null;
            return DashboardPages.Render<Pages.ConfirmTogglePage>(http, shell, new ConfirmToggleModel(definition, environment, form["etag"].ToString(), error), error is null ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity);
        }

        return await WriteAsync(http, services, project, flag, form, enabled ? "turned-on" : "turned-off", c => c with { Enabled = enabled }, [], cancellationToken, toggle: enabled);
    }

    private static Task<IResult> TargetsAsync(string project, string flag, IFormCollection form, HttpContext http, IServiceProvider services, CancellationToken cancellationToken)
    {
        var variation = form["variation"].ToString();
        var values = FlagConfigEdits.SplitList(form["values"]);
        return WriteAsync(http, services, project, flag, form, "targets", c => FlagConfigEdits.SetTargets(c, variation, values), [], cancellationToken);
    }

    private static async Task<IResult> RulesAsync(string project, string flag, IFormCollection form, HttpContext http, IServiceProvider services, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<DashboardData>();
        var definition = await store.Flags.GetAsync(project, flag, cancellationToken);
        if (definition is null)
        {
            return DashboardPages.NotFound(http);
        }

        var variations = definition.Spec.VariationKeys();
        var errors = new List<string>();
        int.TryParse(form["rule"], System.Globalization.CultureInfo.InvariantCulture, out var rule);
        Func<FlagTargeting, FlagTargeting>? edit = null;
        switch (form["action"].ToString())
        {
            case "add":
                var serve = FlagConfigEdits.Serve(form, variations, errors);
                var clause = ClauseFrom(form, errors);
                if (serve is not null && clause is not null)
                {
                    edit = c => FlagConfigEdits.AddRule(c, clause, serve);
                }

                break;
            case "clause":
                var more = ClauseFrom(form, errors);
                if (more is not null)
                {
                    edit = c => FlagConfigEdits.AddClause(c, rule, more);
                }

                break;
            case "serve":
                var rollout = FlagConfigEdits.Serve(form, variations, errors);
                if (rollout is not null)
                {
                    edit = c => FlagConfigEdits.SetRuleServe(c, rule, rollout);
                }

                break;
            case "up":
                edit = c => FlagConfigEdits.MoveRule(c, rule, -1);
                break;
            case "down":
                edit = c => FlagConfigEdits.MoveRule(c, rule, 1);
                break;
            case "delete":
                edit = c => FlagConfigEdits.DeleteRule(c, rule);
                break;
            default:
                errors.Add("Unknown action.");
                break;
        }

        return await WriteAsync(http, services, project, flag, form, "rules", edit ?? (c => c), errors, cancellationToken);
    }

    private static async Task<IResult> FallthroughAsync(string project, string flag, IFormCollection form, HttpContext http, IServiceProvider services, CancellationToken cancellationToken)
    {
        var definition = await services.GetRequiredService<DashboardData>().Flags.GetAsync(project, flag, cancellationToken);
        if (definition is null)
        {
            return DashboardPages.NotFound(http);
        }

        var errors = new List<string>();
        var serve = FlagConfigEdits.Serve(form, definition.Spec.VariationKeys(), errors);
        var off = form["offVariation"].ToString();
        return await WriteAsync(http, services, project, flag, form, "fallthrough", c => serve is null ? c : FlagConfigEdits.SetFallthrough(c, serve, off), errors, cancellationToken);
    }

    private static Task<IResult> PrerequisitesAsync(string project, string flag, IFormCollection form, HttpContext http, IServiceProvider services, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        Func<FlagTargeting, FlagTargeting> edit;
        if (form["action"] == "remove")
        {
            int.TryParse(form["index"], System.Globalization.CultureInfo.InvariantCulture, out var index);
            edit = c => FlagConfigEdits.RemovePrerequisite(c, index);
        }
        else
        {
            var other = form["prerequisite"].ToString();
            var variation = form["variation"].ToString().Trim();
            if (other.Length == 0 || variation.Length == 0)
            {
                errors.Add("A prerequisite needs a flag and the variation it must serve.");
            }

            edit = c => FlagConfigEdits.AddPrerequisite(c, other, variation);
        }

        return WriteAsync(http, services, project, flag, form, "prerequisites", edit, errors, cancellationToken);
    }

    private static ClauseDefinition? ClauseFrom(IFormCollection form, List<string> errors)
    {
        var attribute = form["attribute"].ToString().Trim();
        var op = form["operator"].ToString();
        var values = form["values"].ToString();
        if (op != "segmentMatch" && attribute.Length == 0)
        {
            errors.Add("A clause needs an attribute (e.g. email, or targetingKey).");
        }

        if (FlagConfigEdits.SplitList(values).Count == 0)
        {
            errors.Add("A clause needs at least one value.");
        }

        return errors.Count > 0 ? null : FlagConfigEdits.Clause(attribute.Length == 0 ? "targetingKey" : attribute, op, values, form["negate"] == "true");
    }

    /// <summary>
    /// Records one edit with the form's version as the base and the signed-in person (and the comment) in the audit
    /// log. The edit is applied to the targeting the form was rendered from (the current one, when the versions
    /// match); a stale version changes nothing and says so; invalid input shows the page again with every error.
    /// </summary>
    private static async Task<IResult> WriteAsync(
        HttpContext http,
        IServiceProvider services,
        string project,
        string flag,
        IFormCollection form,
        string saved,
        Func<FlagTargeting, FlagTargeting> edit,
        List<string> errors,
        CancellationToken cancellationToken,
        bool? toggle = null)
    {
        var environment = form["env"].ToString();
        var etag = form["etag"].ToString();
        var page = $"/projects/{project}/flags/{Uri.EscapeDataString(flag)}?env={Uri.EscapeDataString(environment)}";
        if (errors.Count == 0)
        {
            if (etag.Length == 0)
            {
                errors.Add("The form did not say which version it was made from; reload the page.");
            }
            else
            {
                var store = services.GetRequiredService<DashboardData>();
                var current = await store.Flags.GetInEnvironmentAsync(project, environment, flag, cancellationToken);
                if (current is null)
                {
                    return DashboardPages.NotFound(http);
                }

                var precondition = new Precondition(etag);
                Change change = toggle is { } enabled
                    ? new ToggleFlag(environment, flag, enabled, precondition)
                    : new ConfigureFlag(environment, flag, precondition.IsSatisfiedBy(current.ETag) ? edit(current.Targeting) : current.Targeting, precondition);
                var result = await store.Recorder.RecordAsync(ChangeSet.Of(project, change, DashboardPages.WriteContext(http, form["comment"]), ChangeOrigin.Dashboard), cancellationToken);
                switch (result.Status)
                {
                    case WriteStatus.Ok:
                        return DashboardPages.SeeOther($"{page}&saved={saved}");
                    case WriteStatus.NotFound:
                        return DashboardPages.NotFound(http);
                    case WriteStatus.Held:
                        return DashboardPages.Held(http, result, page);
                    case WriteStatus.Forbidden:
                        return DashboardPages.Refused(http, result, page);
                    case WriteStatus.PreconditionFailed:
                        return DashboardPages.Render<Pages.MessagePage>(http, null, new MessageModel(
                            "Not saved: changed by someone else",
                            "This flag was changed by someone else since you opened it, so your change was not saved and nothing was overwritten. Reload the page to see the current version, then make your change again.",
                            page,
                            "Reload the flag",
                            Alert: true), StatusCodes.Status409Conflict);
                    default:
                        errors.AddRange(result.Errors.Select(e => e.Path.Length == 0 ? e.Message : $"{e.Path}: {e.Message}"));
                        break;
                }
            }
        }

        http.Request.QueryString = new QueryString("?env=" + Uri.EscapeDataString(environment));
        var model = await DashboardFlags.LoadAsync(http, services, project, flag, null, null, errors, cancellationToken);
        return model is null
            ? DashboardPages.NotFound(http)
            : DashboardPages.Render<Pages.FlagPage>(http, model.Value.Shell, model.Value.Model with { Posted = form }, StatusCodes.Status422UnprocessableEntity);
    }
}
