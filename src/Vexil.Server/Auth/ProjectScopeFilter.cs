using Vexil.Server.Projects;

namespace Vexil.Server.Auth;

/// <summary>A token limited to one project may touch only that project; any other answers 403.</summary>
internal sealed class ProjectScopeFilter(ProjectStore store) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var user = context.HttpContext.User;
        if (user.ProjectOf() is { } allowed)
        {
            var key = context.HttpContext.GetRouteValue("project") as string;
            var project = key is null ? null : await store.GetAsync(key, context.HttpContext.RequestAborted);
            if (project is null || project.Id != allowed)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, detail: "This token is limited to another project.");
            }
        }

        return await next(context);
    }
}
