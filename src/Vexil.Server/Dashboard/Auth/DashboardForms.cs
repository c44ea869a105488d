using Microsoft.AspNetCore.Antiforgery;

namespace Vexil.Server.Dashboard.Auth;

/// <summary>
/// Every dashboard form post must carry a valid antiforgery token. The antiforgery middleware validates requests
/// to endpoints marked for it; this filter refuses (400) any whose validation failed or did not run, whether or not
/// the handler binds a form.
/// </summary>
internal static class DashboardForms
{
    public static RouteHandlerBuilder RequireFormToken(this RouteHandlerBuilder endpoint) =>
        endpoint.WithMetadata(new RequireAntiforgeryTokenAttribute()).AddEndpointFilter(async (context, next) =>
            context.HttpContext.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: true }
                ? await next(context)
                : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, detail: "The form's antiforgery token is missing or invalid. Reload the page and try again."));
}
