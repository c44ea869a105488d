using System.Globalization;

namespace Vexil.Server.Auth.SignIn;

/// <summary>The API's answers to a refused sign-in, as RFC 7807 problem details.</summary>
internal static class SignInProblems
{
    /// <summary>The one answer to an unknown name or a wrong password.</summary>
    public const string RefusedDetail = "Unknown user or wrong password.";

    /// <summary>The one answer to a throttled or locked name or address (the same for names that exist and names that do not).</summary>
    public const string ThrottledDetail = "Too many failed sign-ins; try again later.";

    /// <summary>401 for a refusal, 429 with <c>Retry-After</c> for a wait.</summary>
    public static IResult For(HttpContext context, SignInOutcome outcome, TimeProvider time)
    {
        if (outcome.RetryAt is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, detail: RefusedDetail);
        }

        context.Response.Headers.RetryAfter = outcome.RetryAfterSeconds(time.GetUtcNow()).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, detail: ThrottledDetail);
    }
}
