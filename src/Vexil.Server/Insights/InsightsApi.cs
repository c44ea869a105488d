using System.Globalization;
using Vexil.Events.Insights;
using Vexil.Server.Api;
using Vexil.Server.Auth;
using Vexil.Server.Environments;
using Vexil.Server.Flags;

namespace Vexil.Server.Insights;

/// <summary>
/// Read-only insights from the events pipeline (docs/events.md): a flag's usage over time by variation, and an
/// environment's stale flags. Viewers and up; never SDK keys.
/// </summary>
internal static class InsightsApi
{
    /// <summary>The stale period when the query names none (the events library's default).</summary>
    public const int DefaultStaleAfterDays = 30;

    /// <summary>The longest stale period a query may ask for.</summary>
    public const int MaxStaleAfterDays = 3650;

    private const int FlagPageSize = 500;

    public static RouteGroupBuilder MapInsightsApi(this RouteGroupBuilder project)
    {
        var group = project.MapGroup("/environments/{environment}").WithTags("Insights");
        group.MapGet("/flags/{flag}/usage", GetUsageAsync).RequireAuthorization(VexilPolicies.Viewer)
            .Produces<UsageResponse>().ProducesValidationProblem()
            .WithSummary("Evaluations and exposures of a flag per bucket and variation, from the events pipeline.");
        group.MapGet("/stale-flags", GetStaleFlagsAsync).RequireAuthorization(VexilPolicies.Viewer)
            .Produces<StaleFlagsResponse>().ProducesValidationProblem()
            .WithSummary("The flags of this environment that the stale rule reports, with every reason.");
        return group;
    }

    private static async Task<IResult> GetUsageAsync(
        string project,
        string environment,
        string flag,
        HttpContext context,
        EnvironmentStore environments,
        FlagStore flags,
        FlagInsights insights,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var query = UsageQuery.Parse(context.Request.Query, time.GetUtcNow(), errors);
        if (query is null)
        {
            return errors.ToResult();
        }

        var env = await environments.GetAsync(project, environment, cancellationToken);
        if (env is null)
        {
            return await NotFoundProblems.EnvironmentAsync(context, project, environment, cancellationToken);
        }

        if (await flags.GetAsync(project, flag, cancellationToken) is null)
        {
            return await NotFoundProblems.FlagAsync(context, project, flag, cancellationToken);
        }

        var points = await insights.GetUsageAsync(EventsApi.EnvironmentName(env.Id), flag, query.From, query.To, query.Granularity, cancellationToken);
        var body = new UsagePointResponse[points.Count];
        for (var i = 0; i < body.Length; i++)
        {
            body[i] = UsagePointResponse.From(points[i]);
        }

        return TypedResults.Ok(new UsageResponse(flag, environment, query.From, query.To, UsageQuery.Name(query.Granularity), body));
    }

    private static async Task<IResult> GetStaleFlagsAsync(
        string project,
        string environment,
        HttpContext context,
        EnvironmentStore environments,
        FlagStore flags,
        FlagInsights insights,
        CancellationToken cancellationToken)
    {
        var days = DefaultStaleAfterDays;
        var values = context.Request.Query["staleAfterDays"];
        if (values.Count > 0
            && (values.Count > 1 || !int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out days) || days > MaxStaleAfterDays))
        {
            var errors = new ValidationErrors();
            errors.Add("staleAfterDays", $"must be a whole number of days from 0 to {MaxStaleAfterDays}");
            return errors.ToResult();
        }

        var env = await environments.GetAsync(project, environment, cancellationToken);
        if (env is null)
        {
            return await NotFoundProblems.EnvironmentAsync(context, project, environment, cancellationToken);
        }

        var lifecycles = await ListLifecyclesAsync(flags, project, cancellationToken);
        var stale = await insights.GetStaleFlagsAsync(EventsApi.EnvironmentName(env.Id), lifecycles, TimeSpan.FromDays(days), cancellationToken);
        var body = new StaleFlagResponse[stale.Count];
        for (var i = 0; i < body.Length; i++)
        {
            body[i] = StaleFlagResponse.From(stale[i]);
        }

        return TypedResults.Ok(new StaleFlagsResponse(environment, days, body));
    }

    /// <summary>Every flag of the project as the stale rule needs it: key, creation time, temporary or permanent, expected lifetime.</summary>
    private static async Task<List<FlagLifecycle>> ListLifecyclesAsync(FlagStore flags, string project, CancellationToken cancellationToken)
    {
        var lifecycles = new List<FlagLifecycle>();
        string? after = null;
        do
        {
            var page = await flags.ListAsync(project, new FlagQuery(null, null, null, null, after, FlagPageSize), cancellationToken);
            foreach (var flag in page.Items)
            {
                lifecycles.Add(ToLifecycle(flag));
            }

            after = page.NextCursor;
        }
        while (after is not null);

        return lifecycles;
    }

    private static FlagLifecycle ToLifecycle(FlagState flag) =>
        new(
            flag.Spec.Key,
            flag.CreatedAt,
            Temporary: flag.Spec.Lifetime == Core.Model.FlagLifetime.Temporary,
            ExpectedLifetime: flag.Spec.ExpectedLifetimeDays is { } days ? TimeSpan.FromDays(days) : null);
}
