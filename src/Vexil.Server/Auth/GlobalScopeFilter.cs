namespace Vexil.Server.Auth;

/// <summary>Endpoints outside any project (accounts, tokens, project creation) are not for tokens limited to one project.</summary>
internal sealed class GlobalScopeFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.HttpContext.User.ProjectOf() is not null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, detail: "This token is limited to one project.");
        }

        return await next(context);
    }
}
