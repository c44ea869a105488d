using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Vexil.Events.Ingestion;
using Vexil.Server.Auth;

namespace Vexil.Server.Events;

/// <summary>
/// <c>POST /events/v1/bulk</c> (docs/protocol.md): evaluation summaries and exposures from SDKs, with a server or a
/// client key. Answers 202 only once the batch is durably on the bus.
/// </summary>
internal static class EventsApi
{
    public static void MapEventsApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/events/v1/bulk", IngestAsync)
            .WithTags("Events")
            .RequireAuthorization(VexilPolicies.AnySdkKey)
            .Accepts<object>("application/json");

    private static async Task<Results<Accepted, ProblemHttpResult, ValidationProblem>> IngestAsync(HttpContext context, IEventIngestor ingestor, CancellationToken cancellationToken)
    {
        var environment = EnvironmentName(context.User.EnvironmentOf()!.Value);
        var result = await ingestor.IngestAsync(environment, context.Request.Body, cancellationToken);
        switch (result.Status)
        {
            case IngestStatus.Accepted:
                return TypedResults.Accepted((string?)null);
            case IngestStatus.TooLarge:
                return TypedResults.Problem(result.Errors.Count > 0 ? result.Errors[0].Message : "The batch is too large.", statusCode: StatusCodes.Status413PayloadTooLarge);
            case IngestStatus.Unavailable:
                context.Response.Headers.RetryAfter = "5";
                return TypedResults.Problem("The events bus cannot take the batch now; send it again later with the same id.", statusCode: StatusCodes.Status503ServiceUnavailable);
            default:
                var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
                foreach (var error in result.Errors)
                {
                    errors[error.Path] = errors.TryGetValue(error.Path, out var existing) ? [.. existing, error.Message] : [error.Message];
                }

                return TypedResults.ValidationProblem(errors);
        }
    }

    /// <summary>How the events pipeline names an environment: by its stable id.</summary>
    public static string EnvironmentName(long environmentId) => environmentId.ToString(CultureInfo.InvariantCulture);
}
