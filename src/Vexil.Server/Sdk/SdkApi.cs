using System.Globalization;
using System.Text.Json;
using Vexil.Core.Context;
using Vexil.Server.Api;
using Vexil.Server.Auth;
using Vexil.Server.Storage;

namespace Vexil.Server.Sdk;

/// <summary>
/// /sdk/v1: what SDK keys may read. A server key gets its environment's full ruleset and change log; a client key
/// gets only evaluation results (never rules, segments or other environments).
/// </summary>
internal static class SdkApi
{
    /// <summary>The delivery protocol's version header.</summary>
    public const string ProtocolHeader = "Vexil-Protocol";

    /// <summary>Read-your-writes: the version the caller needs at least.</summary>
    public const string MinVersionHeader = "Vexil-Min-Version";

    public const string MinVersionSatisfiedHeader = "Vexil-Min-Version-Satisfied";

    private static readonly TimeSpan MinVersionWait = TimeSpan.FromSeconds(5);

    public static void MapSdkApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/sdk/v1").WithTags("SDK");
        group.MapGet("/ruleset", GetRulesetAsync).RequireAuthorization(VexilPolicies.ServerKey);
        group.MapGet("/changes", GetChangesAsync).RequireAuthorization(VexilPolicies.ServerKey);
        group.MapPost("/evaluate", EvaluateAsync).RequireAuthorization(VexilPolicies.AnySdkKey).Accepts<JsonElement>("application/json");
    }

    /// <summary>The whole ruleset; <c>ETag: "version"</c>, and <c>304</c> when <c>If-None-Match</c> names the current version.</summary>
    private static async Task<IResult> GetRulesetAsync(HttpContext context, IControlPlaneStore store, EnvironmentVersionTracker tracker, TimeProvider time, CancellationToken cancellationToken)
    {
        var environmentId = context.User.EnvironmentOf()!.Value;
        var document = await store.GetRulesetJsonAsync(environmentId, cancellationToken);
        if (document is null)
        {
            return WriteResults.NotFound();
        }

        if (long.TryParse(context.Request.Headers[MinVersionHeader], NumberStyles.None, CultureInfo.InvariantCulture, out var minVersion))
        {
            // Read-your-writes: wait (bounded) until a version at least that new is committed.
            using var bound = new CancellationTokenSource(MinVersionWait, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(bound.Token, cancellationToken);
            while (document!.Version < minVersion && !linked.IsCancellationRequested)
            {
                var changed = tracker.WaitForChangeAsync(linked.Token);
                if (tracker.Get(environmentId) <= document.Version)
                {
                    try
                    {
                        await changed;
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }
                }

                document = await store.GetRulesetJsonAsync(environmentId, cancellationToken) ?? document;
            }

            context.Response.Headers[MinVersionSatisfiedHeader] = document.Version >= minVersion ? "true" : "false";
        }

        var etag = string.Create(CultureInfo.InvariantCulture, $"\"{document.Version}\"");
        context.Response.Headers.ETag = etag;
        return context.Request.Headers.IfNoneMatch.Contains(etag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(document.Utf8Json, "application/json");
    }

    /// <summary>Protocol version 1: every answer under <c>/sdk</c> says so, errors included.</summary>
    public static IApplicationBuilder UseVexilProtocolHeader(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/sdk", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[ProtocolHeader] = "1";
            }

            return next(context);
        });

    private static async Task<IResult> GetChangesAsync(long? since, HttpContext context, IControlPlaneStore store, CancellationToken cancellationToken)
    {
        var changes = await store.GetChangesAsync(context.User.EnvironmentOf()!.Value, since ?? 0, 1000, cancellationToken);
        return TypedResults.Ok(changes);
    }

    private static async Task<IResult> EvaluateAsync(HttpContext context, CompiledRulesetCache cache, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<JsonElement?>(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        EvaluationContext evaluationContext;
        try
        {
            evaluationContext = EvaluationContext.FromJson(body!.Value);
        }
        catch (FormatException e)
        {
            return JsonBody.Invalid(string.Empty, e.Message);
        }

        var ruleset = await cache.GetAsync(context.User.EnvironmentOf()!.Value, cancellationToken);
        if (ruleset is null)
        {
            return WriteResults.NotFound();
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", ruleset.Version);
            writer.WriteStartObject("flags");
            foreach (var (key, flag) in ruleset.Flags)
            {
                var result = flag.Evaluate(evaluationContext);
                writer.WriteStartObject(key);
                if (result.HasValue)
                {
                    writer.WriteString("variation", flag.Variations[result.VariationIndex].Key);
                    writer.WritePropertyName("value");
                    flag.Variations[result.VariationIndex].Value.WriteTo(writer);
                }

                writer.WriteString("reason", result.Reason.ToString());
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return TypedResults.Bytes(buffer.ToArray(), "application/json");
    }
}
