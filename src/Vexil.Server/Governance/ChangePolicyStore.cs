using System.Data.Common;
using Vexil.Server.Audit;
using Vexil.Server.Environments;
using Vexil.Server.Storage;
using Vexil.Server.Webhooks;

namespace Vexil.Server.Governance;

/// <summary>The change policies of environments (<c>change_policies</c>); set and removed by administrators, audited and sent as webhooks.</summary>
internal sealed class ChangePolicyStore(Database database)
{
    private const string Columns = "required_approvals, approver_roles, allow_self_approval";

    public Task<ChangePolicy?> GetAsync(long environmentId, CancellationToken cancellationToken) =>
        database.ReadOneAsync($"SELECT {Columns} FROM change_policies WHERE environment_id = @id", Map, cancellationToken, ("@id", environmentId));

    /// <summary>Sets (or, with a null <paramref name="policy"/>, removes) the environment's policy.</summary>
    public Task<WriteResult<ChangePolicy?>> PutAsync(EnvironmentState environment, ChangePolicy? policy, WriteContext context, CancellationToken cancellationToken) =>
        database.WriteAsync<ChangePolicy?>(
            async scope =>
            {
                var before = await ReadAsync(scope, environment.Id, cancellationToken);
                if (policy is null && before is null)
                {
                    return WriteResult<ChangePolicy?>.Fail(WriteStatus.NotFound, $"Environment '{environment.Key}' has no change policy.");
                }

                await WriteAsync(scope, environment, before, policy, context, cancellationToken);
                return WriteResult<ChangePolicy?>.Ok(policy, scope.Versions);
            },
            cancellationToken);

    /// <summary>The environment's policy, inside a write.</summary>
    public static Task<ChangePolicy?> ReadAsync(SqlWriteScope scope, long environmentId, CancellationToken cancellationToken) =>
        scope.ReadOneAsync($"SELECT {Columns} FROM change_policies WHERE environment_id = @id", Map, cancellationToken, ("@id", environmentId));

    /// <summary>
    /// Replaces the environment's policy <paramref name="before"/> with <paramref name="policy"/> (null removes it) inside
    /// a caller's write — the policy API's or a flags file's change set — audited and sent as a webhook.
    /// </summary>
    public static async Task WriteAsync(SqlWriteScope scope, EnvironmentState environment, ChangePolicy? before, ChangePolicy? policy, WriteContext context, CancellationToken cancellationToken)
    {
        if (policy is null)
        {
            await scope.ExecuteAsync("DELETE FROM change_policies WHERE environment_id = @id", cancellationToken, ("@id", environment.Id));
        }
        else
        {
            await scope.ExecuteAsync(
                "INSERT INTO change_policies (environment_id, required_approvals, approver_roles, allow_self_approval, revision, updated_at) VALUES (@id, @n, @roles, @self, 1, @now) " +
                "ON CONFLICT (environment_id) DO UPDATE SET required_approvals = @n, approver_roles = @roles, allow_self_approval = @self, revision = change_policies.revision + 1, updated_at = @now",
                cancellationToken,
                ("@id", environment.Id),
                ("@n", (long)policy.RequiredApprovals),
                ("@roles", policy.RolesText),
                ("@self", policy.AllowSelfApproval ? 1L : 0L),
                ("@now", scope.Now));
        }

        var action = policy is null ? GovernanceEvents.PolicyRemoved : GovernanceEvents.PolicyUpdated;
        var record = AuditRecord.Of(action, environment.ProjectKey, environment.Key, $"projects/{environment.ProjectKey}/environments/{environment.Key}/policy", before is null ? null : ChangePolicyResponse.From(environment.Key, before), policy is null ? null : ChangePolicyResponse.From(environment.Key, policy));
        await AuditLog.AppendAsync(scope, context, record, cancellationToken);
        await WebhookOutbox.AppendAsync(scope, context, new WebhookEvent(action, action, environment.ProjectKey, environment.Key, null, "policy", environment.Key, record.Before, record.After), cancellationToken);
    }

    /// <summary>The policies of these environments, inside a write (the recorder's, deciding whether a write is held for review).</summary>
    public static async Task<IReadOnlyList<ChangePolicy>> ForEnvironmentsAsync(SqlWriteScope scope, IReadOnlyList<long> environmentIds, CancellationToken cancellationToken)
    {
        var policies = new List<ChangePolicy>();
        foreach (var id in environmentIds)
        {
            if (await scope.ReadOneAsync($"SELECT {Columns} FROM change_policies WHERE environment_id = @id", Map, cancellationToken, ("@id", id)) is { } policy)
            {
                policies.Add(policy);
            }
        }

        return policies;
    }

    /// <summary>The policies of the environments with these keys in one project.</summary>
    public async Task<IReadOnlyList<ChangePolicy>> ForKeysAsync(long projectId, IReadOnlyList<string> environmentKeys, CancellationToken cancellationToken)
    {
        var policies = new List<ChangePolicy>();
        foreach (var key in environmentKeys)
        {
            var policy = await database.ReadOneAsync(
                $"SELECT {Columns} FROM change_policies c JOIN environments e ON e.id = c.environment_id WHERE e.project_id = @project AND e.key = @key",
                Map,
                cancellationToken,
                ("@project", projectId),
                ("@key", key));
            if (policy is not null)
            {
                policies.Add(policy);
            }
        }

        return policies;
    }

    private static ChangePolicy Map(DbDataReader r) => new((int)r.GetInt64(0), ChangePolicy.ParseRoles(r.GetString(1)), r.GetInt64(2) != 0);
}
