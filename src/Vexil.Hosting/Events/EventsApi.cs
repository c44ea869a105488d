using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Vexil.Events.Ingestion;
using Vexil.Hosting.Auth;

namespace Vexil.Hosting.Events;

/// <summary>
/// <c>POST /events/v1/bulk</c> (docs/protocol.md): evaluation summaries and exposures from SDKs, with a server or a
/// client key. Answers 202 only once the batch is durably on the bus.
/// </summary>
internal static class EventsApi
{
    public static void MapEventsApi(this IEndpointRouteBuilder app) =>
        app.MapEventsApi(static user => EnvironmentName(user.EnvironmentOf()!.Value));

    /// <summary>Maps the endpoint; <paramref name="environmentOf"/> names the caller's environment for the ingestor (an edge names it its own way).</summary>
    public static void MapEventsApi(this IEndpointRouteBuilder app, Func<ClaimsPrincipal, string> environmentOf) =>
        app.MapPost("/events/v1/bulk", (HttpContext context, IEventIngestor ingestor, CancellationToken cancellationToken) =>
                IngestAsync(context, ingestor, environmentOf(context.User), cancellationToken))
            .WithTags("Events")
            .RequireAuthorization(SdkKeyPolicies.AnySdkKey)
            .Accepts<object>("application/json");

    private static async Task<Results<Accepted, ProblemHttpResult, ValidationProblem>> IngestAsync(HttpContext context, IEventIngestor ingestor, string environment, CancellationToken cancellationToken)
    {
        IngestResult result;
        try
        {
            // A client key is public (it ships inside browser and mobile apps): it may report exposures only.
            var sender = context.User.KindOf() == SdkKeyKind.Client ? EventSender.Client : EventSender.Server;
            result = await ingestor.IngestAsync(environment, context.Request.Body, sender, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TypedResults.Problem("The batch is over the server's request size limit.", statusCode: StatusCodes.Status413PayloadTooLarge); // Kestrel's limit, met first
        }

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
