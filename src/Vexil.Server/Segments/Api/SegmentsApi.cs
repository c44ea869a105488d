using System.Buffers;
using System.Text.Json;
using Vexil.Core.Model;
using Vexil.Server.Api;
using Vexil.Server.Auth;
using Vexil.Server.Changes;
using Vexil.Server.Environments;

namespace Vexil.Server.Segments.Api;

/// <summary>/api/v1/projects/{project}/environments/{environment}/segments.</summary>
internal static class SegmentsApi
{
    public static RouteGroupBuilder MapSegmentsApi(this RouteGroupBuilder project)
    {
        var group = project.MapGroup("/environments/{environment}/segments").WithTags("Segments");
        group.MapGet("/", ListAsync).RequireAuthorization(VexilPolicies.Viewer).Produces<SegmentResponse[]>();
        group.MapPost("/", CreateAsync).RequireAuthorization(VexilPolicies.Editor)
            .Accepts<SegmentRequest>("application/json").Produces<SegmentResponse>(StatusCodes.Status201Created).ProducesValidationProblem();
        group.MapGet("/{segment}", GetAsync).RequireAuthorization(VexilPolicies.Viewer).Produces<SegmentResponse>();
        group.MapPut("/{segment}", UpdateAsync).RequireAuthorization(VexilPolicies.Editor)
            .Accepts<SegmentRequest>("application/json").Produces<SegmentResponse>().ProducesValidationProblem();
        group.MapDelete("/{segment}", DeleteAsync).RequireAuthorization(VexilPolicies.Editor).Produces<SegmentResponse>();
        return group;
    }

    private static async Task<IResult> ListAsync(string project, string environment, EnvironmentStore environments, SegmentStore segments, CancellationToken cancellationToken)
    {
        if (await environments.GetAsync(project, environment, cancellationToken) is null)
        {
            return NotFoundProblems.Environment(project, environment);
        }

        var list = await segments.ListAsync(project, environment, cancellationToken);
        return TypedResults.Ok(list.Select(s => SegmentResponse.From(s)).ToArray());
    }

    private static async Task<IResult> GetAsync(string project, string environment, string segment, HttpContext context, SegmentStore segments, CancellationToken cancellationToken)
    {
        var state = await segments.GetAsync(project, environment, segment, cancellationToken);
        if (state is null)
        {
            return await NotFoundProblems.InEnvironmentAsync(context, project, environment, $"segment '{segment}' not found in environment '{environment}' of project '{project}'", cancellationToken);
        }

        ETags.Set(context, state.ETag);
        return TypedResults.Ok(SegmentResponse.From(state));
    }

    private static async Task<IResult> CreateAsync(string project, string environment, HttpContext context, ChangeRecorder recorder, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<SegmentRequest>(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        var (segment, errors) = ToSegment(body!, null);
        if (segment is null)
        {
            return errors.ToResult();
        }

        var result = await recorder.RecordAsync(ChangeSet.Of(project, new CreateSegment(environment, segment), context.WriteContext()), cancellationToken);
        return result.ToHttp(context, o => o.State<SegmentState>().ETag, (o, v) => SegmentResponse.From(o.State<SegmentState>(), v), created: true, location: $"/api/v1/projects/{project}/environments/{environment}/segments/{segment.Key}");
    }

    private static async Task<IResult> UpdateAsync(string project, string environment, string segment, HttpContext context, ChangeRecorder recorder, CancellationToken cancellationToken)
    {
        if (ETags.IfMatch(context) is not { } precondition)
        {
            return ETags.PreconditionRequired();
        }

        var (body, problem) = await JsonBody.ReadAsync<SegmentRequest>(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        var (definition, errors) = ToSegment(body!, segment);
        if (definition is null)
        {
            return errors.ToResult();
        }

        var result = await recorder.RecordAsync(ChangeSet.Of(project, new UpdateSegment(environment, definition, precondition), context.WriteContext()), cancellationToken);
        return result.ToHttp(context, o => o.State<SegmentState>().ETag, (o, v) => SegmentResponse.From(o.State<SegmentState>(), v));
    }

    private static async Task<IResult> DeleteAsync(string project, string environment, string segment, HttpContext context, ChangeRecorder recorder, CancellationToken cancellationToken)
    {
        if (ETags.IfMatch(context) is not { } precondition)
        {
            return ETags.PreconditionRequired();
        }

        var result = await recorder.RecordAsync(ChangeSet.Of(project, new DeleteSegment(environment, segment, precondition), context.WriteContext()), cancellationToken);
        return result.ToHttp(context, o => o.State<SegmentState>().ETag, (o, v) => SegmentResponse.From(o.State<SegmentState>(), v));
    }

    /// <summary>The segment a request describes, read by Core's reader (its fields have the native format's names, so errors carry the request's paths).</summary>
    private static (SegmentDefinition? Segment, ValidationErrors Errors) ToSegment(SegmentRequest body, string? routeKey)
    {
        var errors = new ValidationErrors();
        errors.RequireKey("key", body.Key ?? routeKey);
        if (routeKey is not null && body.Key is not null && body.Key != routeKey)
        {
            errors.Add("key", "must match the segment in the path (keys cannot be renamed)");
        }

        if (body.Rules is { } rules && rules.ValueKind != JsonValueKind.Array)
        {
            errors.Add("rules", "must be an array");
        }

        if (body.IncludedContexts is { } includedContexts && includedContexts.ValueKind is not (JsonValueKind.Array or JsonValueKind.Null))
        {
            errors.Add("includedContexts", "must be an array");
        }

        if (body.ExcludedContexts is { } excludedContexts && excludedContexts.ValueKind is not (JsonValueKind.Array or JsonValueKind.Null))
        {
            errors.Add("excludedContexts", "must be an array");
        }

        if (!errors.IsEmpty)
        {
            return (null, errors);
        }

        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("key", body.Key ?? routeKey);
            if (body.Description is not null)
            {
                w.WriteString("description", body.Description);
            }

            w.WriteStartArray("included");
            foreach (var key in body.Included ?? [])
            {
                w.WriteStringValue(key);
            }

            w.WriteEndArray();
            w.WriteStartArray("excluded");
            foreach (var key in body.Excluded ?? [])
            {
                w.WriteStringValue(key);
            }

            w.WriteEndArray();
            if (body.Rules is { } r)
            {
                w.WritePropertyName("rules");
                r.WriteTo(w);
            }

            // Keys of contexts of a kind and the salt of the rules' percentages (segments imported from LaunchDarkly).
            if (body.IncludedContexts is { ValueKind: JsonValueKind.Array } included)
            {
                w.WritePropertyName("includedContexts");
                included.WriteTo(w);
            }

            if (body.ExcludedContexts is { ValueKind: JsonValueKind.Array } excluded)
            {
                w.WritePropertyName("excludedContexts");
                excluded.WriteTo(w);
            }

            if (body.Salt is not null)
            {
                w.WriteString("salt", body.Salt);
            }

            w.WriteEndObject();
        }

        var (segment, found) = SegmentJson.Read(buffer.WrittenSpan);
        errors.AddRange(found);
        return (segment, errors);
    }
}
