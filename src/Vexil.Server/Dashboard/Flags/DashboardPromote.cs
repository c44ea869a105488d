using Vexil.Server.Changes;
using Vexil.Server.Dashboard.Audit;
using Vexil.Server.Dashboard.Auth;
using Vexil.Server.Flags;
using Vexil.Server.Storage;

namespace Vexil.Server.Dashboard.Flags;

/// <summary>
/// Promoting a flag's targeting from one environment to another: a preview (the promotion dry-run through the
/// recorder, its difference in sentences) and the write (<see cref="PromoteFlag"/> against the previewed version).
/// </summary>
internal static class DashboardPromote
{
    public static void MapDashboardPromote(this IEndpointRouteBuilder app)
    {
        app.MapGet("/projects/{project}/flags/{flag}/promote", PreviewAsync).RequireAuthorization(DashboardPolicies.Editor).ExcludeFromDescription();
        app.MapPost("/projects/{project}/flags/{flag}/promote", PromoteAsync).RequireAuthorization(DashboardPolicies.Editor).RequireFormToken().ExcludeFromDescription();
    }

    private static async Task<IResult> PreviewAsync(string project, string flag, string? from, string? to, HttpContext http, DashboardData store, CancellationToken cancellationToken)
    {
        var shell = await DashboardPages.ShellAsync(http, store, project, "flags", cancellationToken);
        if (shell is null || from is null || to is null)
        {
            return DashboardPages.NotFound(http);
        }

        var target = await store.Flags.GetInEnvironmentAsync(project, to, flag, cancellationToken);
        var source = shell.Environments.FirstOrDefault(e => e.Key == from);
        var destination = shell.Environments.FirstOrDefault(e => e.Key == to);
        if (target is null || source is null || destination is null)
        {
            return DashboardPages.NotFound(http);
        }

        var errors = new List<string>();
        IReadOnlyList<string> sentences = [];
        if (from == to)
        {
            errors.Add("Choose two different environments.");
        }
        else
        {
            var dry = await store.Recorder.DryRunAsync(ChangeSet.Of(project, new PromoteFlag(flag, from, to, new Precondition(target.ETag)), DashboardPages.WriteContext(http, null), ChangeOrigin.Dashboard), cancellationToken);
            if (dry.Status == WriteStatus.Ok)
            {
                sentences = FlagSentences.Compare(target.Flag, dry.Value!.State<EnvironmentFlagState>().Flag);
            }
            else
            {
                errors.AddRange(Messages(dry));
            }
        }

        var model = new ChangePreviewModel(
            $"Promote {target.Spec.Name} to {destination.Name}",
            $"Copies the flag's targeting in {source.Name} (on/off, targets, rules, the default rule, prerequisites) to {destination.Name}. The flag's variations are shared and do not change.",
            sentences,
            $"/projects/{project}/flags/{Uri.EscapeDataString(flag)}/promote",
            new Dictionary<string, string> { ["from"] = from, ["to"] = to, ["etag"] = target.ETag },
            $"Promote to {destination.Name}",
            $"/projects/{project}/compare?left={Uri.EscapeDataString(from)}&right={Uri.EscapeDataString(to)}",
            errors);
        return DashboardPages.Render<Pages.ChangePreviewPage>(http, shell, model, errors.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> PromoteAsync(string project, string flag, IFormCollection form, HttpContext http, DashboardData store, CancellationToken cancellationToken)
    {
        var from = form["from"].ToString();
        var to = form["to"].ToString();
        var page = $"/projects/{project}/flags/{Uri.EscapeDataString(flag)}?env={Uri.EscapeDataString(to)}";
        var result = await store.Recorder.RecordAsync(ChangeSet.Of(project, new PromoteFlag(flag, from, to, new Precondition(form["etag"].ToString())), DashboardPages.WriteContext(http, form["comment"]), ChangeOrigin.Dashboard), cancellationToken);
        return result.Status switch
        {
            WriteStatus.Ok => DashboardPages.SeeOther($"{page}&saved=promoted"),
            WriteStatus.NotFound => DashboardPages.NotFound(http),
            WriteStatus.Held => DashboardPages.Held(http, result, page),
            WriteStatus.Forbidden => DashboardPages.Refused(http, result, page),
            WriteStatus.PreconditionFailed => DashboardPages.Stale(http, $"/projects/{project}/flags/{Uri.EscapeDataString(flag)}/promote?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}"),
            _ => DashboardPages.Render<Pages.MessagePage>(http, null, new MessageModel("Not promoted", string.Join(" ", Messages(result)), page, "Back to the flag", Alert: true), StatusCodes.Status422UnprocessableEntity),
        };
    }

    /// <summary>A refused write in sentences (validation errors with their paths, or the refusal's detail).</summary>
    internal static IEnumerable<string> Messages(WriteResult<ChangeOutcome> result) =>
        result.Errors.Count > 0
            ? result.Errors.Select(e => e.Path.Length == 0 ? e.Message : $"{e.Path}: {e.Message}")
            : [result.Detail ?? "The change was refused."];
}
