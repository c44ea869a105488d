using Microsoft.AspNetCore.Http.HttpResults;
using Vexil.Server.Auth;
using Vexil.Server.Storage;

namespace Vexil.Server.Audit;

/// <summary>/api/v1/audit and /api/v1/projects/{project}/audit: read only; the audit log cannot be changed through the API.</summary>
internal static class AuditApi
{
    private const int MaxPage = 500;

    public static void MapAuditApi(this RouteGroupBuilder api, RouteGroupBuilder project)
    {
        api.MapGet("/audit", ListAllAsync).WithTags("Audit").RequireAuthorization(VexilPolicies.Administrator).AddEndpointFilter<GlobalScopeFilter>();
        project.MapGet("/audit", ListProjectAsync).WithTags("Audit").RequireAuthorization(VexilPolicies.Viewer);
    }

    private static async Task<Ok<AuditPage>> ListAllAsync(long? before, int? limit, IControlPlaneStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await PageAsync(store, new AuditQuery(null, before, Math.Clamp(limit ?? 100, 1, MaxPage)), cancellationToken));

    private static async Task<Ok<AuditPage>> ListProjectAsync(string project, long? before, int? limit, IControlPlaneStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await PageAsync(store, new AuditQuery(project, before, Math.Clamp(limit ?? 100, 1, MaxPage)), cancellationToken));

    private static async Task<AuditPage> PageAsync(IControlPlaneStore store, AuditQuery query, CancellationToken cancellationToken)
    {
        var items = await store.ListAuditAsync(query, cancellationToken);
        return new AuditPage(items, items.Count == query.Limit ? items[^1].Id : null);
    }
}
