namespace Vexil.Hosting.Auth;

/// <summary>The 401 (with <c>WWW-Authenticate: Bearer</c>) and 403 answers of every key handler, as RFC 7807 problem details.</summary>
internal static class AuthProblems
{
    public const string ForbiddenDetail = "This credential may not do that.";

    public static async Task WriteAsync(IProblemDetailsService problems, HttpContext context, int status, string detail)
    {
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }

        await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = { Status = status, Detail = detail } });
    }
}
