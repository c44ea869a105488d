using Vexil.Server.Storage;

namespace Vexil.Server.Api;

/// <summary>Optimistic concurrency over HTTP: reads send <c>ETag</c>, writes must send <c>If-Match</c>.</summary>
internal static class ETags
{
    /// <summary>The write's precondition, or null when the request has no If-Match (answer 428).</summary>
    public static Precondition? IfMatch(HttpContext context)
    {
        string? value = context.Request.Headers.IfMatch;
        return string.IsNullOrWhiteSpace(value) ? null : new Precondition(value);
    }

    public static IResult PreconditionRequired() =>
        TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, detail: "This write requires If-Match with the ETag of the resource you read.");

    public static void Set(HttpContext context, string etag) => context.Response.Headers.ETag = etag;
}
