using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Vexil.Core.Evaluation;
using Vexil.Hosting.Auth;
using Vexil.Hosting.Delivery;

namespace Vexil.Hosting.Ofrep;

/// <summary>
/// /ofrep/v1: the OpenFeature Remote Evaluation Protocol (OFREP 0.3.0) for any SDK key. A key sees evaluation
/// results of its own environment only, never rules or segments. The ruleset comes from an <see cref="IOfrepRulesetSource"/>.
/// </summary>
internal static class OfrepApi
{
    /// <summary>Maps OFREP; <paramref name="policy"/> null answers without a key (<c>vexil serve</c> on loopback).</summary>
    public static void MapOfrepApi(this IEndpointRouteBuilder app, string? policy = SdkKeyPolicies.AnySdkKey)
    {
        var group = app.MapGroup("/ofrep/v1/evaluate").WithTags("OFREP");
        if (policy is not null)
        {
            group.RequireAuthorization(policy);
        }

        group.MapPost("/flags/{key}", EvaluateFlagAsync).Accepts<JsonElement>("application/json");
        group.MapPost("/flags", EvaluateFlagsAsync).Accepts<JsonElement>("application/json");
        if (app.ServiceProvider.GetService<IOfrepStreamCallers>() is not null)
        {
            // The change stream's instruments exist from the start, so /metrics shows them at zero before the first stream.
            _ = app.ServiceProvider.GetRequiredService<OfrepMetrics>();
            app.MapOfrepEventsApi();
        }
    }

    private static async Task<IResult> EvaluateFlagAsync(string key, HttpContext context, IOfrepRulesetSource source, OfrepRateLimiter limiter, CancellationToken cancellationToken)
    {
        if (RateLimited(context, limiter) is { } limited)
        {
            return limited;
        }

        var request = await OfrepRequest.ReadAsync(context.Request, hashContext: false, cancellationToken);
        if (!request.IsValid)
        {
            return new OfrepJsonResult(request.Status, OfrepWriter.Failure(key, request.ErrorCode!, request.ErrorDetails!));
        }

        var target = await GetTargetAsync(context, source, cancellationToken);
        if (Unavailable(context, target, key) is { } unavailable)
        {
            return unavailable;
        }

        var ruleset = target.Ruleset;
        var result = ruleset.Evaluate(key, request.Context!);
        target.Recorder?.Record(in result);
        if (result.Detail.Kind == ReasonKind.RegexTimeout)
        {
            OfrepMetrics.Undecided(context.RequestServices, key, in result);
        }

        var status = result.Reason != EvaluationReason.Error ? StatusCodes.Status200OK
            : result.ErrorCode == ErrorCode.FlagNotFound ? StatusCodes.Status404NotFound
            : StatusCodes.Status400BadRequest;
        return new OfrepJsonResult(status, OfrepWriter.Single(key, result));
    }

    private static async Task<IResult> EvaluateFlagsAsync(HttpContext context, IOfrepRulesetSource source, OfrepRateLimiter limiter, CancellationToken cancellationToken)
    {
        if (RateLimited(context, limiter) is { } limited)
        {
            return limited;
        }

        var request = await OfrepRequest.ReadAsync(context.Request, hashContext: true, cancellationToken);
        if (!request.IsValid)
        {
            return new OfrepJsonResult(request.Status, OfrepWriter.Failure(null, request.ErrorCode!, request.ErrorDetails!));
        }

        var target = await GetTargetAsync(context, source, cancellationToken);
        if (Unavailable(context, target, null) is { } unavailable)
        {
            return unavailable;
        }

        var (scope, ruleset) = target;
        var etag = string.Create(CultureInfo.InvariantCulture, $"\"{scope}-{ruleset.Version}-{request.ContextHash:x16}\"");
        context.Response.Headers.ETag = etag;
        if (Matches(context.Request.Headers.IfNoneMatch, etag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var stream = context.RequestServices.GetService<IOfrepStreamCallers>() is null ? null : OfrepEventsApi.RequestUriFor(context.User);
        return new OfrepJsonResult(StatusCodes.Status200OK, OfrepWriter.Bulk(ruleset, request.Context!, stream, target.Recorder, context.RequestServices));
    }

    /// <summary>
    /// The caller's ruleset; with <c>Vexil-Min-Version</c>, after waiting (bounded) for that version, and the answer
    /// says whether it was reached (<c>Vexil-Min-Version-Satisfied</c>), as on <c>/sdk/v1/ruleset</c>.
    /// </summary>
    private static async ValueTask<OfrepTarget> GetTargetAsync(HttpContext context, IOfrepRulesetSource source, CancellationToken cancellationToken)
    {
        // A re-fetch triggered by the change stream names the version it was told of (flagConfigEtag): it is waited
        // for like Vexil-Min-Version, so a server a little behind the one that streamed does not answer the old flags.
        var minVersion = long.TryParse(context.Request.Headers[ProtocolHeaders.MinVersionHeader], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v
            : OfrepEventsResult.VersionOf(context.Request.Query["flagConfigEtag"]);
        var target = await source.GetAsync(context.User, minVersion, cancellationToken);
        if (minVersion is { } min && target.RetryAfterSeconds is null)
        {
            context.Response.Headers[ProtocolHeaders.MinVersionSatisfiedHeader] = target.Ruleset.Version >= min ? "true" : "false";
        }

        return target;
    }

    private static IResult? RateLimited(HttpContext context, OfrepRateLimiter limiter)
    {
        var caller = context.User.FindFirstValue(ClaimTypes.Name) ?? string.Empty;
        if (limiter.TryAcquire(caller, out var retryAfter))
        {
            return null;
        }

        context.Response.Headers.RetryAfter = retryAfter;
        return TypedResults.StatusCode(StatusCodes.Status429TooManyRequests);
    }

    /// <summary>503 with Retry-After when the source has no ruleset yet (an edge before its first one).</summary>
    private static IResult? Unavailable(HttpContext context, OfrepTarget target, string? key)
    {
        if (target.RetryAfterSeconds is not { } seconds)
        {
            return null;
        }

        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return new OfrepJsonResult(StatusCodes.Status503ServiceUnavailable, OfrepWriter.Failure(key, OfrepWriter.General, "No ruleset is held for this key yet."));
    }

    /// <summary>True when If-None-Match names the current ETag (weak or strong) or is <c>*</c>.</summary>
    private static bool Matches(StringValues ifNoneMatch, string etag)
    {
        if (ifNoneMatch.Count == 0 || !EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags))
        {
            return false;
        }

        var current = new EntityTagHeaderValue(etag);
        foreach (var tag in tags)
        {
            if (tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: false))
            {
                return true;
            }
        }

        return false;
    }
}
