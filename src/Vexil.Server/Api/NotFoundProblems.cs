using Vexil.Server.Environments;
using Vexil.Server.Projects;

namespace Vexil.Server.Api;

/// <summary>
/// 404 problem details that name what is missing, the outermost first: <c>project 'shop' not found</c>, then
/// <c>environment 'prod' not found in project 'shop'</c>, then the flag, segment or key in it. Never a bare "Not Found".
/// </summary>
internal static class NotFoundProblems
{
    public static IResult Project(string project) => WriteResults.NotFound(ProjectText(project));

    public static IResult Environment(string project, string environment) => WriteResults.NotFound(EnvironmentText(project, environment));

    public static string ProjectText(string project) => $"project '{project}' not found";

    public static string EnvironmentText(string project, string environment) => $"environment '{environment}' not found in project '{project}'";

    /// <summary>The project, when it is what is missing; else the environment, when it is; else <paramref name="inner"/>.</summary>
    public static async Task<IResult> InEnvironmentAsync(HttpContext context, string project, string environment, string inner, CancellationToken cancellationToken)
    {
        var services = context.RequestServices;
        if (await services.GetRequiredService<EnvironmentStore>().GetAsync(project, environment, cancellationToken) is not null)
        {
            return WriteResults.NotFound(inner);
        }

        return await services.GetRequiredService<ProjectStore>().GetAsync(project, cancellationToken) is null
            ? Project(project)
            : Environment(project, environment);
    }

    /// <summary>The project or the environment, whichever is missing (the environment when both exist, for a caller that found nothing).</summary>
    public static Task<IResult> EnvironmentAsync(HttpContext context, string project, string environment, CancellationToken cancellationToken) =>
        InEnvironmentAsync(context, project, environment, EnvironmentText(project, environment), cancellationToken);

    /// <summary>The flag of a project that exists, else the project.</summary>
    public static async Task<IResult> FlagAsync(HttpContext context, string project, string flag, CancellationToken cancellationToken) =>
        await context.RequestServices.GetRequiredService<ProjectStore>().GetAsync(project, cancellationToken) is null
            ? Project(project)
            : WriteResults.NotFound($"flag '{flag}' not found in project '{project}'");
}
