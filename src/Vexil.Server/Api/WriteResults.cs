using Vexil.Server.Storage;

namespace Vexil.Server.Api;

/// <summary>Turns a store's write result into the HTTP answer: the new state (with its ETag) or the problem.</summary>
internal static class WriteResults
{
    public static IResult ToHttp<T>(this WriteResult<T> result, HttpContext context, Func<T, string> etag, Func<T, IReadOnlyDictionary<string, long>, object> body, bool created = false, string? location = null)
    {
        switch (result.Status)
        {
            case WriteStatus.Ok:
                ETags.Set(context, etag(result.Value!));
                var payload = body(result.Value!, result.Versions);
                return created ? TypedResults.Created(location, payload) : TypedResults.Ok(payload);
            case WriteStatus.NotFound:
                return NotFound(result.Detail ?? "No such resource.");
            case WriteStatus.PreconditionFailed:
                return TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, detail: result.Detail ?? "The resource changed since you read it (If-Match does not match its ETag). Nothing was changed.");
            case WriteStatus.Conflict:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, detail: result.Detail ?? "A resource with this key already exists.");
            case WriteStatus.Forbidden:
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, detail: result.Detail);
            case WriteStatus.Held when result.Proposal is not null:
                return TypedResults.Accepted(result.Location, result.Proposal);
            case WriteStatus.Held:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Held for review", detail: result.Detail);
            default:
                return ValidationErrors.From(result.Errors);
        }
    }

    public static IResult NotFound(string detail = "No such resource.") =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: detail);
}
