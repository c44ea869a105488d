using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using Vexil.Server.Auth;
using Vexil.Server.Storage;

namespace Vexil.Server.Dashboard;

/// <summary>Helpers shared by the dashboard's endpoints: the shell, rendering a page, the audit's write context.</summary>
internal static class DashboardPages
{
    /// <summary>The last project visited (pages outside a project, such as API tokens, keep its navigation).</summary>
    public const string ProjectCookie = "vexil_project";

    private const string EnvironmentCookie = "vexil_env";

    /// <summary>The shell for a page; null when the project (or the asked environment) does not exist.</summary>
    public static async Task<DashboardShell?> ShellAsync(HttpContext context, DashboardData store, string? project, string section, CancellationToken cancellationToken)
    {
        var projects = await store.Projects.ListAsync(cancellationToken);
        var user = context.User.ActorOf();
        var name = user.StartsWith("user:", StringComparison.Ordinal) ? user["user:".Length..] : user;
        var role = context.User.RoleOf() ?? Role.Viewer;
        if (project is null)
        {
            return new DashboardShell(name, role, projects, null, [], null, section);
        }

        var current = projects.FirstOrDefault(p => p.Key == project);
        if (current is null)
        {
            return null;
        }

        context.Response.Cookies.Append(ProjectCookie, current.Key, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps, IsEssential = true });
        var environments = (await store.Environments.ListAsync(project, cancellationToken)).Where(e => !e.Archived).ToList();
        string? asked = context.Request.Query["env"];
        var environment = asked is not null
            ? environments.FirstOrDefault(e => e.Key == asked)
            : environments.FirstOrDefault(e => e.Key == context.Request.Cookies[EnvironmentCookie])
                ?? environments.FirstOrDefault(e => e.Key == "production")
                ?? environments.FirstOrDefault();
        if (asked is not null && environment is null)
        {
            return null;
        }

        if (environment is not null && asked is not null)
        {
            context.Response.Cookies.Append(EnvironmentCookie, environment.Key, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps, IsEssential = true });
        }

        return new DashboardShell(name, role, projects, current, environments, environment, section);
    }

    public static RazorComponentResult Render<TPage>(HttpContext context, DashboardShell? shell, object model, int status = StatusCodes.Status200OK)
        where TPage : IComponent
    {
        var view = context.RequestServices.GetRequiredService<DashboardView>();
        view.Shell = shell;
        view.Model = model;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers["Referrer-Policy"] = "same-origin";
        return new RazorComponentResult<TPage> { StatusCode = status, PreventStreamingRendering = true };
    }

    public static RazorComponentResult NotFound(HttpContext context) =>
        Render<Pages.MessagePage>(context, null, new MessageModel("Not found", "There is no such page, project, environment or flag.", "/", "Back to the dashboard"), StatusCodes.Status404NotFound);

    /// <summary>Who writes and why, for the audit log: the signed-in person, the request, the comment typed in the form.</summary>
    public static WriteContext WriteContext(HttpContext context, string? comment) =>
        new(context.User.ActorOf(), context.TraceIdentifier, string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(), context.User.WriterRoleOf());

    /// <summary>303 See Other to a page of the dashboard (Post/Redirect/Get).</summary>
    public static RedirectHttpResult SeeOther(string path) => TypedResults.Redirect(path);

    /// <summary>A write an environment's change policy held: nothing changed, it waits for review as a change request.</summary>
    public static RazorComponentResult Held(HttpContext context, Storage.WriteResult<Changes.ChangeOutcome> result, string back) =>
        Render<Pages.MessagePage>(context, null, new MessageModel(
            "Sent for review",
            $"{result.Detail} Review it under Changes (change request {result.Location?[(result.Location.LastIndexOf('/') + 1)..]}).",
            back,
            "Back",
            Alert: false), StatusCodes.Status202Accepted);

    /// <summary>A write the environment's permissions refused (the person's role may only read there): nothing changed.</summary>
    public static RazorComponentResult Refused(HttpContext context, Storage.WriteResult<Changes.ChangeOutcome> result, string back) =>
        Render<Pages.MessagePage>(context, null, new MessageModel("Not allowed", result.Detail ?? "Your role may not change this environment.", back, "Back", Alert: true), StatusCodes.Status403Forbidden);

    /// <summary>A write made against a version someone else has changed since: nothing was saved or overwritten.</summary>
    public static RazorComponentResult Stale(HttpContext context, string back) =>
        Render<Pages.MessagePage>(context, null, new MessageModel(
            "Not saved: changed by someone else",
            "This was changed by someone else since you opened it, so your change was not saved and nothing was overwritten. Reload the page to see the current version, then make your change again.",
            back,
            "Reload",
            Alert: true), StatusCodes.Status409Conflict);

    public static string Actor(ClaimsPrincipal user) => user.ActorOf();
}

/// <summary>A page that says one thing, with one link (not found, changed by someone else, not allowed).</summary>
internal sealed record MessageModel(string Title, string Text, string Link, string LinkText, bool Alert = false);
