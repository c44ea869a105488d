using System.Text.Json;
using Vexil.Core.Model;
using Vexil.Server.Changes;
using Vexil.Server.Dashboard.Auth;
using Vexil.Server.Segments;
using Vexil.Server.Storage;

namespace Vexil.Server.Dashboard.Segments;

/// <summary>Segments of one environment: the list, a new segment, and a segment's members and rules.</summary>
internal static class DashboardSegments
{
    public static void MapDashboardSegments(this IEndpointRouteBuilder app)
    {
        app.MapGet("/projects/{project}/segments", ListAsync).RequireAuthorization(DashboardPolicies.Viewer).ExcludeFromDescription();
        app.MapPost("/projects/{project}/segments", CreateAsync).RequireAuthorization(DashboardPolicies.Editor).RequireFormToken().ExcludeFromDescription();
        app.MapGet("/projects/{project}/segments/{segment}", GetAsync).RequireAuthorization(DashboardPolicies.Viewer).ExcludeFromDescription();
        app.MapPost("/projects/{project}/segments/{segment}", UpdateAsync).RequireAuthorization(DashboardPolicies.Editor).RequireFormToken().ExcludeFromDescription();
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

    private static async Task<IResult> SegmentPageAsync(HttpContext context, DashboardData store, string project, string segment, bool saved, SegmentForm? form, IReadOnlyList<string> errors, CancellationToken cancellationToken)
    {
        var shell = await DashboardPages.ShellAsync(context, store, project, "segments", cancellationToken);
        var state = shell?.Environment is null ? null : await store.Segments.GetAsync(project, shell.Environment.Key, segment, cancellationToken);
        if (state is null)
        {
            return DashboardPages.NotFound(context);
        }

        using var rules = JsonDocument.Parse(SegmentJson.RulesColumn(state.Segment));
        var current = form ?? new SegmentForm(
            state.Segment.Description ?? string.Empty,
            string.Join("\n", state.Segment.Included),
            string.Join("\n", state.Segment.Excluded),
            JsonSerializer.Serialize(rules.RootElement, Indented));
        return DashboardPages.Render<Pages.SegmentPage>(context, shell, new SegmentPageModel(state, current, saved, errors), errors.Count > 0 ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK);
    }

    private static async Task<IResult> UpdateAsync(string project, string segment, IFormCollection form, HttpContext context, DashboardData store, CancellationToken cancellationToken)
    {
        var environment = form["env"].ToString();
        var input = new SegmentForm(form["description"].ToString(), form["included"].ToString(), form["excluded"].ToString(), form["rules"].ToString());
        var errors = new List<string>();
        JsonElement rules = default;
        try
        {
            rules = JsonSerializer.Deserialize<JsonElement>(string.IsNullOrWhiteSpace(input.Rules) ? "[]" : input.Rules);
            if (rules.ValueKind != JsonValueKind.Array)
            {
                errors.Add("rules must be a JSON array of rules: [{ \"id\": \"staff\", \"clauses\": [ … ] }]");
            }
        }
        catch (JsonException e)
        {
            errors.Add("rules are not valid JSON: " + e.Message);
        }

        var page = $"/projects/{project}/segments/{segment}?env={Uri.EscapeDataString(environment)}";
        if (errors.Count == 0)
        {
            var (definition, invalid) = Read(segment, NullIfEmpty(input.Description), Flags.FlagConfigEdits.SplitList(input.Included), Flags.FlagConfigEdits.SplitList(input.Excluded), rules);
            if (definition is not null && await store.Segments.GetAsync(project, environment, segment, cancellationToken) is { } stored)
            {
                // The form edits the description, the keys and the rules; every other member (contexts of a kind and the
                // salt an import brought, …) is kept as stored. A change since the form was rendered fails on its ETag.
                definition = stored.Segment with { Description = definition.Description, Included = definition.Included, Excluded = definition.Excluded, Rules = definition.Rules };
            }

            var result = definition is null
                ? WriteResult<ChangeOutcome>.Invalid(invalid)
                : await store.Recorder.RecordAsync(ChangeSet.Of(project, new UpdateSegment(environment, definition, new Precondition(form["etag"].ToString())), DashboardPages.WriteContext(context, form["comment"]), ChangeOrigin.Dashboard), cancellationToken);
            switch (result.Status)
            {
                case WriteStatus.Ok:
                    return TypedResults.Redirect(page + "&saved=1");
                case WriteStatus.NotFound:
                    return DashboardPages.NotFound(context);
                case WriteStatus.Held:
                    return DashboardPages.Held(context, result, page);
                case WriteStatus.Forbidden:
                    return DashboardPages.Refused(context, result, page);
                case WriteStatus.PreconditionFailed:
                    return DashboardPages.Render<Pages.MessagePage>(context, null, new MessageModel(
                        "Not saved: changed by someone else",
                        "This segment was changed by someone else since you opened it, so your change was not saved and nothing was overwritten. Reload the page to see the current version, then make your change again.",
                        page,
                        "Reload the segment",
                        Alert: true), StatusCodes.Status409Conflict);
                default:
                    errors.AddRange(result.Errors.Select(e => $"{e.Path}: {e.Message}"));
                    break;
            }
        }

        context.Request.QueryString = new QueryString("?env=" + Uri.EscapeDataString(environment));
        return await SegmentPageAsync(context, store, project, segment, false, input, errors, cancellationToken);
    }

    /// <summary>The segment the form describes, read by Core's reader.</summary>
    private static (SegmentDefinition? Segment, IReadOnlyList<Core.Serialization.ValidationError> Errors) Read(string key, string? description, IReadOnlyList<string> included, IReadOnlyList<string> excluded, JsonElement rules)
    {
        var body = new Dictionary<string, object> { ["key"] = key, ["included"] = included, ["excluded"] = excluded, ["rules"] = rules };
        if (description is not null)
        {
            body["description"] = description;
        }

        return SegmentJson.Read(JsonSerializer.SerializeToUtf8Bytes(body));
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

/// <summary>The segments of one environment.</summary>
internal sealed record SegmentListModel(IReadOnlyList<SegmentState> Segments, IReadOnlyList<string> Errors);

/// <summary>A segment's page: its state, the form (as stored, or as typed after an error), errors.</summary>
internal sealed record SegmentPageModel(SegmentState Segment, SegmentForm Form, bool Saved, IReadOnlyList<string> Errors);

/// <summary>What the segment form holds: members one per line, rules as JSON.</summary>
internal sealed record SegmentForm(string Description, string Included, string Excluded, string Rules);
