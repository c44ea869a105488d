using System.Globalization;
using Microsoft.Extensions.Options;
using Vexil.Hosting.Auth;

namespace Vexil.Hosting.Delivery;

/// <summary>
/// <c>GET /sdk/v1/client-keys</c> (server keys): the hashes, browser origins and expiry of the environment's active
/// client keys, so that an edge can accept them for evaluation; ETag and 304 like <c>/ruleset</c>.
/// </summary>
internal static class ClientKeysApi
{
    public static void MapClientKeysApi(this RouteGroupBuilder sdk) =>
        sdk.MapGet("/client-keys", GetAsync).RequireAuthorization(SdkKeyPolicies.ServerKey);

    private static async Task<IResult> GetAsync(HttpContext context, IClientKeySource source, IOptions<DeliveryOptions> options, CancellationToken cancellationToken)
    {
        var document = await source.GetAsync(context.User.EnvironmentOf()!.Value, cancellationToken);
        if (document is null)
        {
            context.Response.Headers.RetryAfter = options.Value.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, detail: "The client keys of this environment are not known here yet; retry later.");
        }

        context.Response.Headers.ETag = document.ETag;
        context.Response.Headers.CacheControl = "no-cache";
        return context.Request.Headers.IfNoneMatch.Contains(document.ETag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(document.Json, "application/json");
    }
}
