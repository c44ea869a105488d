using System.Text.Json;
using Vexil.Core.Context;
using Vexil.Server.Api;
using Vexil.Server.Auth;
using Vexil.Server.Environments;
using Vexil.Server.Ofrep.Usage;
using Vexil.Server.Snapshots;

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

    public static void MapSdkApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/sdk/v1").WithTags("SDK");
        group.MapGet("/changes", GetChangesAsync).RequireAuthorization(VexilPolicies.ServerKey);
        group.MapPost("/evaluate", EvaluateAsync).RequireAuthorization(VexilPolicies.AnySdkKey).Accepts<JsonElement>("application/json");
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

    private static async Task<IResult> GetChangesAsync(long? since, HttpContext context, ChangeLog changeLog, CancellationToken cancellationToken)
    {
        var changes = await changeLog.ReadAsync(context.User.EnvironmentOf()!.Value, since ?? 0, 1000, cancellationToken);
        return TypedResults.Ok(changes);
    }

    private static async Task<IResult> EvaluateAsync(HttpContext context, EnvironmentSnapshots snapshots, ControlPlaneEvaluationSummaries summaries, CancellationToken cancellationToken)
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

        var environment = context.User.EnvironmentOf()!.Value;
        var ruleset = (await snapshots.GetAsync(environment, cancellationToken))?.Compiled;
        if (ruleset is null)
        {
            return WriteResults.NotFound();
        }

        var usage = summaries.For(environment);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", ruleset.Version);
            writer.WriteStartObject("flags");
            foreach (var (key, flag) in ruleset.Flags)
            {
                var result = flag.Evaluate(evaluationContext);
                usage.Record(in result);
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
