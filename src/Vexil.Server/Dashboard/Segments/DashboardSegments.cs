using Vexil.Core.Model;
using Vexil.Server.Changes;
using Vexil.Server.Dashboard.Auth;
using Vexil.Server.Storage;

namespace Vexil.Server.Dashboard.Segments;

/// <summary>Segments of one environment: the list, a new segment, and a segment's page (its writes: <see cref="SegmentWrites"/>).</summary>
internal static class DashboardSegments
{
    public static void MapDashboardSegments(this IEndpointRouteBuilder app)
    {
        app.MapGet("/projects/{project}/segments", ListAsync).RequireAuthorization(DashboardPolicies.Viewer).ExcludeFromDescription();
        app.MapPost("/projects/{project}/segments", CreateAsync).RequireAuthorization(DashboardPolicies.Editor).RequireFormToken().ExcludeFromDescription();
        app.MapGet("/projects/{project}/segments/{segment}", GetAsync).RequireAuthorization(DashboardPolicies.Viewer).ExcludeFromDescription();
        app.MapPost("/projects/{project}/segments/{segment}", SegmentWrites.MembersAsync).RequireAuthorization(DashboardPolicies.Editor).RequireFormToken().ExcludeFromDescription();
        app.MapPost("/projects/{project}/segments/{segment}/rules", SegmentWrites.RulesAsync).RequireAuthorization(DashboardPolicies.Editor).RequireFormToken().ExcludeFromDescription();
    }

    private static async Task<IResult> ListAsync(string project, HttpContext context, DashboardData store, CancellationToken cancellationToken) =>
        await ListPageAsync(context, store, project, [], StatusCodes.Status200OK, cancellationToken);

    private static async Task<IResult> ListPageAsync(HttpContext context, DashboardData store, string project, IReadOnlyList<string> errors, int status, CancellationToken cancellationToken)
    {
        var shell = await DashboardPages.ShellAsync(context, store, project, "segments", cancellationToken);
        if (shell?.Environment is null)
        {
            return DashboardPages.NotFound(context);
        }

        var segments = await store.Segments.ListAsync(project, shell.Environment.Key, cancellationToken);
        return DashboardPages.Render<Pages.SegmentsPage>(context, shell, new SegmentListModel(segments, errors), status);
    }

    private static async Task<IResult> CreateAsync(string project, IFormCollection form, HttpContext context, DashboardData store, CancellationToken cancellationToken)
    {
        var environment = form["env"].ToString();
        var key = form["key"].ToString().Trim();
        var errors = new ValidationErrors();
        errors.RequireKey("key", key);
        if (errors.IsEmpty)
        {
            var segment = new SegmentDefinition { Key = key, Description = NullIfEmpty(form["description"]) };
            var result = await store.Recorder.RecordAsync(ChangeSet.Of(project, new CreateSegment(environment, segment), DashboardPages.WriteContext(context, null), ChangeOrigin.Dashboard), cancellationToken);
            switch (result.Status)
            {
                case WriteStatus.Ok:
                    return TypedResults.Redirect($"/projects/{project}/segments/{key}?env={Uri.EscapeDataString(environment)}&saved=1");
                case WriteStatus.Conflict:
                    errors.Add("key", "is taken by another segment of this environment");
                    break;
                case WriteStatus.NotFound:
                    return DashboardPages.NotFound(context);
                case WriteStatus.Held:
                    return DashboardPages.Held(context, result, $"/projects/{project}/segments?env={Uri.EscapeDataString(environment)}");
                case WriteStatus.Forbidden:
                    return DashboardPages.Refused(context, result, $"/projects/{project}/segments?env={Uri.EscapeDataString(environment)}");
                default:
                    errors.AddRange(result.Errors);
                    break;
            }
        }

        context.Request.QueryString = new QueryString("?env=" + Uri.EscapeDataString(environment));
        return await ListPageAsync(context, store, project, [.. errors.Messages], StatusCodes.Status422UnprocessableEntity, cancellationToken);
    }

    private static async Task<IResult> GetAsync(string project, string segment, string? saved, HttpContext context, DashboardData store, CancellationToken cancellationToken) =>
        await SegmentPageAsync(context, store, project, segment, saved is not null, null, [], cancellationToken);

    /// <summary>The segment's page; after a refused form, that form as typed (<paramref name="posted"/>) and its errors.</summary>
    internal static async Task<IResult> SegmentPageAsync(HttpContext context, DashboardData store, string project, string segment, bool saved, IFormCollection? posted, IReadOnlyList<string> errors, CancellationToken cancellationToken)
    {
        var shell = await DashboardPages.ShellAsync(context, store, project, "segments", cancellationToken);
        var state = shell?.Environment is null ? null : await store.Segments.GetAsync(project, shell.Environment.Key, segment, cancellationToken);
        if (state is null)
        {
            return DashboardPages.NotFound(context);
        }

        var form = posted is not null && posted["action"] == "members"
            ? new SegmentForm(posted["description"].ToString(), posted["included"].ToString(), posted["excluded"].ToString())
            : new SegmentForm(state.Segment.Description ?? string.Empty, string.Join("\n", state.Segment.Included), string.Join("\n", state.Segment.Excluded));
        var model = new SegmentPageModel(state, form, saved, errors) { Posted = posted };
        return DashboardPages.Render<Pages.SegmentPage>(context, shell, model, errors.Count > 0 ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK);
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
