using Vexil.Core.Model;
using Vexil.Server.Changes;
using Vexil.Server.Dashboard.Flags;
using Vexil.Server.Dashboard.Shared;
using Vexil.Server.Storage;

namespace Vexil.Server.Dashboard.Segments;

/// <summary>
/// A segment's writes from its page: the members form (description, included and excluded keys) and the rule editor
/// (add a rule, add or remove a clause, move, delete). Each form carries the version (ETag) it was rendered from; the
/// edit is applied to that version through the change recorder, and a refused form is shown again as typed.
/// </summary>
internal static class SegmentWrites
{
    public static Task<IResult> MembersAsync(string project, string segment, IFormCollection form, HttpContext http, DashboardData store, CancellationToken cancellationToken)
    {
        var description = form["description"].ToString();
        var included = FlagConfigEdits.SplitList(form["included"]);
        var excluded = FlagConfigEdits.SplitList(form["excluded"]);
        return WriteAsync(http, store, project, segment, form, s => SegmentRuleEdits.SetMembers(s, string.IsNullOrWhiteSpace(description) ? null : description.Trim(), included, excluded), [], cancellationToken);
    }

    public static Task<IResult> RulesAsync(string project, string segment, IFormCollection form, HttpContext http, DashboardData store, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        int.TryParse(form["rule"], System.Globalization.CultureInfo.InvariantCulture, out var rule);
        int.TryParse(form["clause"], System.Globalization.CultureInfo.InvariantCulture, out var clause);
        Func<SegmentDefinition, SegmentDefinition>? edit = null;
        switch (form["action"].ToString())
        {
            case "add":
                if (ClauseForm.Read(form, errors) is { } first)
                {
                    edit = s => SegmentRuleEdits.AddRule(s, first);
                }

                break;
            case "clause":
                if (ClauseForm.Read(form, errors) is { } more)
                {
                    edit = s => SegmentRuleEdits.AddClause(s, rule, more);
                }

                break;
            case "remove-clause":
                edit = s => SegmentRuleEdits.RemoveClause(s, rule, clause);
                break;
            case "up":
                edit = s => SegmentRuleEdits.MoveRule(s, rule, -1);
                break;
            case "down":
                edit = s => SegmentRuleEdits.MoveRule(s, rule, 1);
                break;
            case "delete":
                edit = s => SegmentRuleEdits.DeleteRule(s, rule);
                break;
            default:
                errors.Add("Unknown action.");
                break;
        }

        return WriteAsync(http, store, project, segment, form, edit ?? (s => s), errors, cancellationToken);
    }

    /// <summary>
    /// Records one edit with the form's version as the base and the signed-in person (and the comment) in the audit
    /// log; a stale version changes nothing and says so; invalid input shows the page again with every error and the form as typed.
    /// </summary>
    private static async Task<IResult> WriteAsync(HttpContext http, DashboardData store, string project, string segment, IFormCollection form, Func<SegmentDefinition, SegmentDefinition> edit, List<string> errors, CancellationToken cancellationToken)
    {
        var environment = form["env"].ToString();
        var etag = form["etag"].ToString();
        var page = $"/projects/{project}/segments/{Uri.EscapeDataString(segment)}?env={Uri.EscapeDataString(environment)}";
        if (errors.Count == 0)
        {
            if (etag.Length == 0)
            {
                errors.Add("The form did not say which version it was made from; reload the page.");
            }
            else
            {
                var current = await store.Segments.GetAsync(project, environment, segment, cancellationToken);
                if (current is null)
                {
                    return DashboardPages.NotFound(http);
                }

                // Every member the forms do not edit (contexts of a kind, a salt an import brought, …) is kept as stored.
                var precondition = new Precondition(etag);
                var definition = precondition.IsSatisfiedBy(current.ETag) ? edit(current.Segment) : current.Segment;
                var result = await store.Recorder.RecordAsync(ChangeSet.Of(project, new UpdateSegment(environment, definition, precondition), DashboardPages.WriteContext(http, form["comment"]), ChangeOrigin.Dashboard), cancellationToken);
                switch (result.Status)
                {
                    case WriteStatus.Ok:
                        return DashboardPages.SeeOther(page + "&saved=1");
                    case WriteStatus.NotFound:
                        return DashboardPages.NotFound(http);
                    case WriteStatus.Held:
                        return DashboardPages.Held(http, result, page);
                    case WriteStatus.Forbidden:
                        return DashboardPages.Refused(http, result, page);
                    case WriteStatus.PreconditionFailed:
                        return DashboardPages.Render<Pages.MessagePage>(http, null, new MessageModel(
                            "Not saved: changed by someone else",
                            "This segment was changed by someone else since you opened it, so your change was not saved and nothing was overwritten. Reload the page to see the current version, then make your change again.",
                            page,
                            "Reload the segment",
                            Alert: true), StatusCodes.Status409Conflict);
                    default:
                        errors.AddRange(result.Errors.Select(e => e.Path.Length == 0 ? e.Message : $"{e.Path}: {e.Message}"));
                        break;
                }
            }
        }

        http.Request.QueryString = new QueryString("?env=" + Uri.EscapeDataString(environment));
        return await DashboardSegments.SegmentPageAsync(http, store, project, segment, false, form, errors, cancellationToken);
    }
}
