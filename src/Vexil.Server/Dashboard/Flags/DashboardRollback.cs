using System.Globalization;
using Vexil.Server.Changes;
using Vexil.Server.Dashboard.Audit;
using Vexil.Server.Dashboard.Auth;
using Vexil.Server.Flags;
using Vexil.Server.Storage;

namespace Vexil.Server.Dashboard.Flags;

/// <summary>
/// Rolling a flag's targeting in one environment back to an earlier environment version (a version its history
/// shows): a preview (<see cref="RollbackFlag"/> dry-run through the recorder, its difference in sentences) and the
/// write, against the previewed version.
/// </summary>
internal static class DashboardRollback
{
    public static void MapDashboardRollback(this IEndpointRouteBuilder app)
    {
        app.MapGet("/projects/{project}/flags/{flag}/rollback", PreviewAsync).RequireAuthorization(DashboardPolicies.Editor).ExcludeFromDescription();
        app.MapPost("/projects/{project}/flags/{flag}/rollback", RollbackAsync).RequireAuthorization(DashboardPolicies.Editor).RequireFormToken().ExcludeFromDescription();
    }

    private static async Task<IResult> PreviewAsync(string project, string flag, string? env, long? version, HttpContext http, DashboardData store, CancellationToken cancellationToken)
    {
        var shell = await DashboardPages.ShellAsync(http, store, project, "flags", cancellationToken);
        var environment = shell?.Environments.FirstOrDefault(e => e.Key == env);
        var current = env is null ? null : await store.Flags.GetInEnvironmentAsync(project, env, flag, cancellationToken);
        if (shell is null || environment is null || current is null || version is not { } to)
        {
            return DashboardPages.NotFound(http);
        }

        var errors = new List<string>();
        IReadOnlyList<string> sentences = [];
        var dry = await store.Recorder.DryRunAsync(ChangeSet.Of(project, new RollbackFlag(environment.Key, flag, to, new Precondition(current.ETag)), DashboardPages.WriteContext(http, null), ChangeOrigin.Dashboard), cancellationToken);
        if (dry.Status == WriteStatus.Ok)
        {
            sentences = FlagSentences.Compare(current.Flag, dry.Value!.State<EnvironmentFlagState>().Flag);
        }
        else
        {
            errors.AddRange(DashboardPromote.Messages(dry));
        }

        var number = to.ToString(CultureInfo.InvariantCulture);
        var model = new ChangePreviewModel(
            $"Roll back {current.Spec.Name} in {environment.Name}",
            $"Puts back the flag's targeting in {environment.Name} as it was at version {number} of the environment, as a new change (recorded in the audit log; the flag's variations are shared and do not change).",
            sentences,
            $"/projects/{project}/flags/{Uri.EscapeDataString(flag)}/rollback",
            new Dictionary<string, string> { ["env"] = environment.Key, ["version"] = number, ["etag"] = current.ETag },
            $"Roll back to version {number}",
            $"/projects/{project}/flags/{Uri.EscapeDataString(flag)}?env={Uri.EscapeDataString(environment.Key)}",
            errors);
        return DashboardPages.Render<Pages.ChangePreviewPage>(http, shell, model, errors.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> RollbackAsync(string project, string flag, IFormCollection form, HttpContext http, DashboardData store, CancellationToken cancellationToken)
    {
        var env = form["env"].ToString();
        var page = $"/projects/{project}/flags/{Uri.EscapeDataString(flag)}?env={Uri.EscapeDataString(env)}";
        if (!long.TryParse(form["version"], NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
        {
            return DashboardPages.Render<Pages.MessagePage>(http, null, new MessageModel("Not rolled back", "The form did not say which version to roll back to.", page, "Back to the flag", Alert: true), StatusCodes.Status422UnprocessableEntity);
        }

        var result = await store.Recorder.RecordAsync(ChangeSet.Of(project, new RollbackFlag(env, flag, version, new Precondition(form["etag"].ToString())), DashboardPages.WriteContext(http, form["comment"]), ChangeOrigin.Dashboard), cancellationToken);
        return result.Status switch
        {
            WriteStatus.Ok => DashboardPages.SeeOther($"{page}&saved=rolled-back"),
            WriteStatus.NotFound => DashboardPages.NotFound(http),
            WriteStatus.Held => DashboardPages.Held(http, result, page),
            WriteStatus.Forbidden => DashboardPages.Refused(http, result, page),
            WriteStatus.PreconditionFailed => DashboardPages.Stale(http, page),
            _ => DashboardPages.Render<Pages.MessagePage>(http, null, new MessageModel("Not rolled back", string.Join(" ", DashboardPromote.Messages(result)), page, "Back to the flag", Alert: true), StatusCodes.Status422UnprocessableEntity),
        };
    }
}
