using System.Text.Json;
using Vexil.Core.Context;
using Vexil.Server.Api;
using Vexil.Server.Auth;
using Vexil.Server.Environments;
using Vexil.Server.Ofrep.Usage;
using Vexil.Server.Snapshots;

namespace Vexil.Server.SdkEndpoints;

/// <summary>
/// /sdk/v1: what SDK keys may read. A server key gets its environment's full ruleset and change log; a client key
/// gets only evaluation results (never rules, segments or other environments).
/// </summary>
internal static class SdkApi
{
    /// <summary>The delivery protocol's version header.</summary>
    public const string ProtocolHeader = ProtocolHeaders.ProtocolHeader;

    /// <summary>Read-your-writes: the version the caller needs at least.</summary>
    public const string MinVersionHeader = ProtocolHeaders.MinVersionHeader;

    public const string MinVersionSatisfiedHeader = ProtocolHeaders.MinVersionSatisfiedHeader;

    public static void MapSdkApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/sdk/v1").WithTags("SDK");
        group.MapGet("/changes", GetChangesAsync).RequireAuthorization(VexilPolicies.ServerKey);
        group.MapPost("/evaluate", EvaluateAsync).RequireAuthorization(VexilPolicies.AnySdkKey).Accepts<JsonElement>("application/json");
    }

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
