using System.Data.Common;
using Vexil.Server.Audit;
using Vexil.Server.Environments;
using Vexil.Server.Storage;
using Vexil.Server.Webhooks;

namespace Vexil.Server.Governance;

/// <summary>The permissions of environments (<c>environment_permissions</c>); set and removed by administrators, audited and sent as webhooks.</summary>
internal sealed class EnvironmentPermissionStore(Database database)
{
    private const string Select = "SELECT editor_level, administrator_level FROM environment_permissions WHERE environment_id = @id";

    /// <summary>The environment's own permissions, or null when it has none (<see cref="EnvironmentPermissions.Default"/> applies).</summary>
    public Task<EnvironmentPermissions?> GetAsync(long environmentId, CancellationToken cancellationToken) =>
        database.ReadOneAsync(Select, Map, cancellationToken, ("@id", environmentId));

    /// <summary>What applies in the environment with this key (its own permissions or the default).</summary>
    public async Task<EnvironmentPermissions> ForKeyAsync(long projectId, string environmentKey, CancellationToken cancellationToken) =>
        await database.ReadOneAsync(
            "SELECT editor_level, administrator_level FROM environment_permissions p JOIN environments e ON e.id = p.environment_id WHERE e.project_id = @project AND e.key = @key",
            Map,
            cancellationToken,
            ("@project", projectId),
            ("@key", environmentKey)) ?? EnvironmentPermissions.Default;

    /// <summary>What applies in an environment, inside a write (the recorder's, deciding whether the writer may write there).</summary>
    public static async Task<EnvironmentPermissions> ForEnvironmentAsync(SqlWriteScope scope, long environmentId, CancellationToken cancellationToken) =>
        await scope.ReadOneAsync(Select, Map, cancellationToken, ("@id", environmentId)) ?? EnvironmentPermissions.Default;

    /// <summary>Sets (or, with null <paramref name="permissions"/>, removes) the environment's permissions.</summary>
    public Task<WriteResult<EnvironmentPermissions?>> PutAsync(EnvironmentState environment, EnvironmentPermissions? permissions, WriteContext context, CancellationToken cancellationToken) =>
        database.WriteAsync<EnvironmentPermissions?>(
            async scope =>
            {
                var before = await ReadAsync(scope, environment.Id, cancellationToken);
                if (permissions is null && before is null)
                {
                    return WriteResult<EnvironmentPermissions?>.Fail(WriteStatus.NotFound, $"Environment '{environment.Key}' has no permissions of its own.");
                }

                await WriteAsync(scope, environment, before, permissions, context, cancellationToken);
                return WriteResult<EnvironmentPermissions?>.Ok(permissions, scope.Versions);
            },
            cancellationToken);

    /// <summary>The environment's own permissions (null: none), inside a write.</summary>
    public static Task<EnvironmentPermissions?> ReadAsync(SqlWriteScope scope, long environmentId, CancellationToken cancellationToken) =>
        scope.ReadOneAsync(Select, Map, cancellationToken, ("@id", environmentId));

    /// <summary>
    /// Replaces the environment's permissions <paramref name="before"/> with <paramref name="permissions"/> (null removes
    /// them) inside a caller's write — the permissions API's or a flags file's change set — audited and sent as a webhook.
    /// </summary>
    public static async Task WriteAsync(SqlWriteScope scope, EnvironmentState environment, EnvironmentPermissions? before, EnvironmentPermissions? permissions, WriteContext context, CancellationToken cancellationToken)
    {
        if (permissions is null)
        {
            await scope.ExecuteAsync("DELETE FROM environment_permissions WHERE environment_id = @id", cancellationToken, ("@id", environment.Id));
        }
        else
        {
            await scope.ExecuteAsync(
                "INSERT INTO environment_permissions (environment_id, editor_level, administrator_level, revision, updated_at) VALUES (@id, @editor, @admin, 1, @now) " +
                "ON CONFLICT (environment_id) DO UPDATE SET editor_level = @editor, administrator_level = @admin, revision = environment_permissions.revision + 1, updated_at = @now",
                cancellationToken,
                ("@id", environment.Id),
                ("@editor", EnvironmentPermissions.Name(permissions.Editor)),
                ("@admin", EnvironmentPermissions.Name(permissions.Administrator)),
                ("@now", scope.Now));
        }

        var action = permissions is null ? GovernanceEvents.PermissionsRemoved : GovernanceEvents.PermissionsUpdated;
        var record = AuditRecord.Of(
            action,
            environment.ProjectKey,
            environment.Key,
            $"projects/{environment.ProjectKey}/environments/{environment.Key}/permissions",
            EnvironmentPermissionsResponse.From(environment.Key, before),
            EnvironmentPermissionsResponse.From(environment.Key, permissions));
        await AuditLog.AppendAsync(scope, context, record, cancellationToken);
        await WebhookOutbox.AppendAsync(scope, context, new WebhookEvent(action, action, environment.ProjectKey, environment.Key, null, "permissions", environment.Key, record.Before, record.After), cancellationToken);
    }

    // A level this release does not know (written by a newer one) reads as the narrowest: never more than was meant.
    private static EnvironmentPermissions Map(DbDataReader r) =>
        new(EnvironmentPermissions.Parse(r.GetString(0)) ?? AccessLevel.Read, EnvironmentPermissions.Parse(r.GetString(1)) ?? AccessLevel.Read);
}
