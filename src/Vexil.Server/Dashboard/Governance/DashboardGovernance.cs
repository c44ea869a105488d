using Vexil.Server.Dashboard.Auth;
using Vexil.Server.Governance;
using Vexil.Server.Governance.Api;
using Vexil.Server.Storage;

namespace Vexil.Server.Dashboard.Governance;

/// <summary>
/// An environment's governance (everyone reads, administrators set): its change policy (approvals, approver roles,
/// self-approval) and its permissions (what editors and administrators may do there). The forms are checked by the
/// API's own checks and written by the same stores (audited, sent as webhooks).
/// </summary>
internal static class DashboardGovernance
{
    public static void MapDashboardGovernance(this IEndpointRouteBuilder app)
    {
        app.MapGet("/projects/{project}/governance", GetAsync).RequireAuthorization(DashboardPolicies.Viewer).ExcludeFromDescription();
        app.MapPost("/projects/{project}/governance/policy", PolicyAsync).RequireAuthorization(DashboardPolicies.Administrator).RequireFormToken().ExcludeFromDescription();
        app.MapPost("/projects/{project}/governance/permissions", PermissionsAsync).RequireAuthorization(DashboardPolicies.Administrator).RequireFormToken().ExcludeFromDescription();
    }

    private static Task<IResult> GetAsync(string project, string? saved, HttpContext http, DashboardData store, ChangePolicyStore policies, EnvironmentPermissionStore permissions, CancellationToken cancellationToken) =>
        PageAsync(http, store, policies, permissions, project, saved is not null, [], null, cancellationToken);

    private static async Task<IResult> PageAsync(HttpContext http, DashboardData store, ChangePolicyStore policies, EnvironmentPermissionStore permissions, string project, bool saved, IReadOnlyList<string> errors, IFormCollection? posted, CancellationToken cancellationToken)
    {
        var shell = await DashboardPages.ShellAsync(http, store, project, "governance", cancellationToken);
        if (shell?.Environment is null)
        {
            return DashboardPages.NotFound(http);
        }

        var policy = await policies.GetAsync(shell.Environment.Id, cancellationToken);
        var set = await permissions.GetAsync(shell.Environment.Id, cancellationToken);
        var model = new GovernanceModel(policy, set, saved, errors) { Posted = posted };
        return DashboardPages.Render<Pages.GovernancePage>(http, shell, model, errors.Count > 0 ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK);
    }

    private static async Task<IResult> PolicyAsync(string project, IFormCollection form, HttpContext http, DashboardData store, ChangePolicyStore policies, EnvironmentPermissionStore permissions, CancellationToken cancellationToken)
    {
        var environment = await EnvironmentAsync(http, store, project, form, cancellationToken);
        if (environment is null)
        {
            return DashboardPages.NotFound(http);
        }

        ChangePolicy? policy = null;
        if (form["action"] != "remove")
        {
            var errors = new ValidationErrors();
            int? approvals = int.TryParse(form["requiredApprovals"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
            policy = ChangePolicyApi.Check(new ChangePolicyRequest(approvals, [.. form["approverRoles"].Select(r => r ?? string.Empty)], form["allowSelfApproval"] == "true"), errors);
            if (policy is null)
            {
                return await PageAsync(http, store, policies, permissions, project, false, [.. errors.Messages], form, cancellationToken);
            }
        }

        var result = await policies.PutAsync(environment, policy, DashboardPages.WriteContext(http, null), cancellationToken);
        return Answer(result.Status, project, environment.Key, http);
    }

    private static async Task<IResult> PermissionsAsync(string project, IFormCollection form, HttpContext http, DashboardData store, ChangePolicyStore policies, EnvironmentPermissionStore permissions, CancellationToken cancellationToken)
    {
        var environment = await EnvironmentAsync(http, store, project, form, cancellationToken);
        if (environment is null)
        {
            return DashboardPages.NotFound(http);
        }

        EnvironmentPermissions? set = null;
        if (form["action"] != "remove")
        {
            var errors = new ValidationErrors();
            set = EnvironmentPermissionsApi.Check(new EnvironmentPermissionsRequest(form["editor"].ToString(), form["administrator"].ToString()), errors);
            if (set is null)
            {
                return await PageAsync(http, store, policies, permissions, project, false, [.. errors.Messages], form, cancellationToken);
            }
        }

        var result = await permissions.PutAsync(environment, set, DashboardPages.WriteContext(http, null), cancellationToken);
        return Answer(result.Status, project, environment.Key, http);
    }

    private static IResult Answer(WriteStatus status, string project, string environment, HttpContext http) =>
        status == WriteStatus.Ok ? DashboardPages.SeeOther($"/projects/{project}/governance?env={Uri.EscapeDataString(environment)}&saved=1") : DashboardPages.NotFound(http);

    private static async Task<Vexil.Server.Environments.EnvironmentState?> EnvironmentAsync(HttpContext http, DashboardData store, string project, IFormCollection form, CancellationToken cancellationToken)
    {
        var environment = form["env"].ToString();
        http.Request.QueryString = new QueryString("?env=" + Uri.EscapeDataString(environment));
        return await store.Environments.GetAsync(project, environment, cancellationToken);
    }
}
