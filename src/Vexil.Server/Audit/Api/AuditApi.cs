using Microsoft.AspNetCore.Http.HttpResults;
using Vexil.Server.Api;
using Vexil.Server.Auth;

namespace Vexil.Server.Audit.Api;

/// <summary>
/// /api/v1/audit and /api/v1/projects/{project}/audit: read only (the audit log cannot be changed through the API),
/// newest first, filtered by environment, actor, flag and time (<c>from</c> inclusive, <c>to</c> exclusive).
/// </summary>
internal static class AuditApi
{
    private const int MaxPage = 500;

    public static void MapAuditApi(this RouteGroupBuilder api, RouteGroupBuilder project)
    {
        api.MapGet("/audit", ListAllAsync).WithTags("Audit").RequireAuthorization(VexilPolicies.Administrator).AddEndpointFilter<GlobalScopeFilter>().ProducesValidationProblem();
        project.MapGet("/audit", ListProjectAsync).WithTags("Audit").RequireAuthorization(VexilPolicies.Viewer).ProducesValidationProblem();
    }

    private static Task<Results<Ok<AuditPage>, ValidationProblem>> ListAllAsync(long? before, int? limit, string? environment, string? actor, DateTimeOffset? from, DateTimeOffset? to, AuditLog audit, CancellationToken cancellationToken) =>
        PageAsync(audit, new AuditQuery(null, before, Math.Clamp(limit ?? 100, 1, MaxPage), environment, actor, null, from, to), cancellationToken);

    private static Task<Results<Ok<AuditPage>, ValidationProblem>> ListProjectAsync(string project, long? before, int? limit, string? environment, string? actor, string? flag, DateTimeOffset? from, DateTimeOffset? to, AuditLog audit, CancellationToken cancellationToken) =>
        PageAsync(audit, new AuditQuery(project, before, Math.Clamp(limit ?? 100, 1, MaxPage), environment, actor, flag is null ? null : $"projects/{project}/flags/{flag}", from, to), cancellationToken);

    private static async Task<Results<Ok<AuditPage>, ValidationProblem>> PageAsync(AuditLog audit, AuditQuery query, CancellationToken cancellationToken)
    {
        if (query.From is { } from && query.To is { } to && to <= from)
        {
            return (ValidationProblem)JsonBody.Invalid("to", "must be after 'from'");
        }

        var items = await audit.ListAsync(query, cancellationToken);
        return TypedResults.Ok(new AuditPage(items, items.Count == query.Limit ? items[^1].Id : null));
    }
}
