using System.Text.Json;
using Vexil.Server.Api;
using Vexil.Server.Auth;
using Vexil.Server.Storage;

namespace Vexil.Server.Segments;

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

    private static async Task<IResult> ListAsync(string project, string environment, IControlPlaneStore store, CancellationToken cancellationToken)
    {
        if (await store.GetEnvironmentAsync(project, environment, cancellationToken) is null)
        {
            return WriteResults.NotFound();
        }

        var segments = await store.ListSegmentsAsync(project, environment, cancellationToken);
        return TypedResults.Ok(segments.Select(s => SegmentResponse.From(s)).ToArray());
    }

    private static async Task<IResult> GetAsync(string project, string environment, string segment, HttpContext context, IControlPlaneStore store, CancellationToken cancellationToken)
    {
        var state = await store.GetSegmentAsync(project, environment, segment, cancellationToken);
        if (state is null)
        {
            return WriteResults.NotFound();
        }

        ETags.Set(context, state.ETag);
        return TypedResults.Ok(SegmentResponse.From(state));
    }

    private static async Task<IResult> CreateAsync(string project, string environment, HttpContext context, IControlPlaneStore store, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<SegmentRequest>(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        var errors = Check(body!, null);
        if (!errors.IsEmpty)
        {
            return errors.ToResult();
        }

        var data = ToData(body!, null);
        var result = await store.CreateSegmentAsync(project, environment, data, context.WriteContext(), cancellationToken);
        return result.ToHttp(context, s => s.ETag, (s, v) => SegmentResponse.From(s, v), created: true, location: $"/api/v1/projects/{project}/environments/{environment}/segments/{data.Key}");
    }

    private static async Task<IResult> UpdateAsync(string project, string environment, string segment, HttpContext context, IControlPlaneStore store, CancellationToken cancellationToken)
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

        var errors = Check(body!, segment);
        if (!errors.IsEmpty)
        {
            return errors.ToResult();
        }

        var result = await store.UpdateSegmentAsync(project, environment, ToData(body!, segment), precondition, context.WriteContext(), cancellationToken);
        return result.ToHttp(context, s => s.ETag, (s, v) => SegmentResponse.From(s, v));
    }

    private static async Task<IResult> DeleteAsync(string project, string environment, string segment, HttpContext context, IControlPlaneStore store, CancellationToken cancellationToken)
    {
        if (ETags.IfMatch(context) is not { } precondition)
        {
            return ETags.PreconditionRequired();
        }

        var result = await store.DeleteSegmentAsync(project, environment, segment, precondition, context.WriteContext(), cancellationToken);
        return result.ToHttp(context, s => s.ETag, (s, v) => SegmentResponse.From(s, v));
    }

    private static ValidationErrors Check(SegmentRequest body, string? routeKey)
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

        return errors;
    }

    private static SegmentData ToData(SegmentRequest body, string? routeKey) =>
        new(body.Key ?? routeKey!, body.Description, body.Included ?? [], body.Excluded ?? [], body.Rules ?? JsonSerializer.Deserialize<JsonElement>("[]"), SegmentContexts.Of(body.IncludedContexts, body.ExcludedContexts, body.Salt));
}
