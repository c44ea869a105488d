using System.Data.Common;
using System.Text.Json;
using Vexil.Server.Audit;
using Vexil.Server.Projects;
using Vexil.Server.Storage;

namespace Vexil.Server.Webhooks;

/// <summary>Webhook subscriptions per project (audited writes) and the outbox of committed events waiting for the bus.</summary>
internal sealed class WebhookStore(Database database)
{
    private const string WebhookColumns = "w.id, p.key, w.url, w.events, w.environment_key, w.description, w.secret_cipher, w.secret_hint, w.revision, w.created_at, w.updated_at, w.name, w.enabled";
    private const string WebhookFrom = " FROM webhook_subscriptions w JOIN projects p ON p.id = w.project_id";

    private static WebhookState MapWebhook(DbDataReader r) =>
        new(
            r.GetString(0),
            r.GetString(1),
            new WebhookData(r.GetString(2), JsonSerializer.Deserialize<string[]>(r.GetString(3)) ?? [], Database.NullableString(r, 4), Database.NullableString(r, 5), Database.NullableString(r, 11) ?? r.GetString(0), r.GetInt64(12) != 0),
            r.GetString(6),
            r.GetString(7),
            r.GetInt64(8),
            Database.FromMs(r.GetInt64(9)),
            Database.FromMs(r.GetInt64(10)));

    private static object AuditView(WebhookState s) => new { s.Id, s.Data.Name, s.Data.Url, s.Data.Events, s.Data.Environment, s.Data.Description, s.Data.Enabled, s.SecretHint };

    private static string WebhookResource(string project, string id) => $"projects/{project}/webhooks/{id}";

    public Task<WriteResult<WebhookState>> CreateWebhookAsync(string projectKey, string id, WebhookData data, string secretCipher, string secretHint, WriteContext context, CancellationToken cancellationToken) =>
        database.WriteAsync(async scope =>
        {
            var project = await ProjectStore.FindAsync(scope, projectKey, cancellationToken);
            if (project is null)
            {
                return WriteResult<WebhookState>.Fail(WriteStatus.NotFound);
            }

            data = data with { Name = data.Name ?? id };
            if (await FindByNameAsync(scope, project.Id, projectKey, data.Environment, data.Name, cancellationToken) is { } taken)
            {
                return WriteResult<WebhookState>.Fail(WriteStatus.Conflict, NameTaken(taken));
            }

            return WriteResult<WebhookState>.Ok(await InsertAsync(scope, project.Id, projectKey, id, data, secretCipher, secretHint, context, cancellationToken), scope.Versions);
        }, cancellationToken);

    /// <summary>Inserts a subscription (its name set and free) and audits it, inside a caller's write (the API's, or a flags file's change set).</summary>
    public static async Task<WebhookState> InsertAsync(SqlWriteScope scope, long projectId, string projectKey, string id, WebhookData data, string secretCipher, string secretHint, WriteContext context, CancellationToken cancellationToken)
    {
        await scope.ExecuteAsync(
            "INSERT INTO webhook_subscriptions (id, project_id, url, events, environment_key, description, secret_cipher, secret_hint, revision, created_at, updated_at, name, enabled) " +
            "VALUES (@id, @project, @url, @events, @env, @description, @cipher, @hint, 1, @now, @now, @name, @enabled)",
            cancellationToken,
            ("@id", id),
            ("@project", projectId),
            ("@url", data.Url),
            ("@events", JsonSerializer.Serialize(data.Events)),
            ("@env", data.Environment),
            ("@description", data.Description),
            ("@cipher", secretCipher),
            ("@hint", secretHint),
            ("@now", scope.Now),
            ("@name", data.Name ?? id),
            ("@enabled", data.Enabled ? 1L : 0L));
        var state = new WebhookState(id, projectKey, data with { Name = data.Name ?? id }, secretCipher, secretHint, 1, Database.FromMs(scope.Now), Database.FromMs(scope.Now));
        await AuditLog.AppendAsync(scope, context, AuditRecord.Of("webhook.create", projectKey, null, WebhookResource(projectKey, id), null, AuditView(state)), cancellationToken);
        return state;
    }

    /// <summary>The subscription of the project with this environment filter (null: all environments) and name, locked for the caller's write.</summary>
    public static Task<WebhookState?> FindByNameAsync(SqlWriteScope scope, long projectId, string projectKey, string? environmentKey, string name, CancellationToken cancellationToken) =>
        scope.ReadOneAsync(
            $"SELECT {WebhookColumns}{WebhookFrom} WHERE w.project_id = @project AND COALESCE(w.environment_key, '') = @env AND w.name = @name{scope.Lock("w")}",
            MapWebhook,
            cancellationToken,
            ("@project", projectId),
            ("@env", environmentKey ?? string.Empty),
            ("@name", name));

    private static string NameTaken(WebhookState taken) =>
        $"Webhook {taken.Id} already has the name '{taken.Data.Name}'{(taken.Data.Environment is { } e ? $" in environment '{e}'" : string.Empty)}: names are unique among a project's webhooks with the same environment.";

    /// <summary>Replaces the subscription's settings with <paramref name="data"/>, keeping whether it is enabled when <paramref name="enabled"/> is null.</summary>
    public Task<WriteResult<WebhookState>> UpdateWebhookAsync(string projectKey, string id, WebhookData data, bool? enabled, Precondition precondition, WriteContext context, CancellationToken cancellationToken) =>
        ChangeWebhookAsync(projectKey, id, precondition, "webhook.update", before => before with { Data = data with { Enabled = enabled ?? before.Data.Enabled } }, context, cancellationToken);

    public Task<WriteResult<WebhookState>> RotateWebhookSecretAsync(string projectKey, string id, string secretCipher, string secretHint, Precondition? precondition, WriteContext context, CancellationToken cancellationToken) =>
        ChangeWebhookAsync(projectKey, id, precondition, "webhook.rotate-secret", before => before with { SecretCipher = secretCipher, SecretHint = secretHint }, context, cancellationToken);

    private Task<WriteResult<WebhookState>> ChangeWebhookAsync(string projectKey, string id, Precondition? precondition, string action, Func<WebhookState, WebhookState> change, WriteContext context, CancellationToken cancellationToken) =>
        database.WriteAsync(async scope =>
        {
            var before = await FindWebhookAsync(scope, projectKey, id, cancellationToken);
            if (before is null)
            {
                return WriteResult<WebhookState>.Fail(WriteStatus.NotFound);
            }

            if (precondition is { } required && !required.IsSatisfiedBy(before.ETag))
            {
                return WriteResult<WebhookState>.Fail(WriteStatus.PreconditionFailed);
            }

            var after = change(before);
            after = after with { Data = after.Data with { Name = after.Data.Name ?? before.Data.Name } };
            if (await FindByNameAsync(scope, await ProjectIdAsync(scope, before.Id, cancellationToken), projectKey, after.Data.Environment, after.Data.Name!, cancellationToken) is { } taken && taken.Id != before.Id)
            {
                return WriteResult<WebhookState>.Fail(WriteStatus.Conflict, NameTaken(taken));
            }

            return WriteResult<WebhookState>.Ok(await UpdateAsync(scope, before, after, action, context, cancellationToken), scope.Versions);
        }, cancellationToken);

    /// <summary>Writes <paramref name="after"/> over <paramref name="before"/> (its next revision) and audits it as <paramref name="action"/>, inside a caller's write.</summary>
    public static async Task<WebhookState> UpdateAsync(SqlWriteScope scope, WebhookState before, WebhookState after, string action, WriteContext context, CancellationToken cancellationToken)
    {
        after = after with { Revision = before.Revision + 1, UpdatedAt = Database.FromMs(scope.Now) };
        await scope.ExecuteAsync(
            "UPDATE webhook_subscriptions SET url = @url, events = @events, environment_key = @env, description = @description, " +
            "secret_cipher = @cipher, secret_hint = @hint, revision = @revision, updated_at = @now, name = @name, enabled = @enabled WHERE id = @id",
            cancellationToken,
            ("@id", before.Id),
            ("@name", after.Data.Name),
            ("@enabled", after.Data.Enabled ? 1L : 0L),
            ("@url", after.Data.Url),
            ("@events", JsonSerializer.Serialize(after.Data.Events)),
            ("@env", after.Data.Environment),
            ("@description", after.Data.Description),
            ("@cipher", after.SecretCipher),
            ("@hint", after.SecretHint),
            ("@revision", after.Revision),
            ("@now", scope.Now));
        await AuditLog.AppendAsync(scope, context, AuditRecord.Of(action, before.ProjectKey, null, WebhookResource(before.ProjectKey, before.Id), AuditView(before), AuditView(after)), cancellationToken);
        return after;
    }

    private static async Task<long> ProjectIdAsync(SqlWriteScope scope, string id, CancellationToken cancellationToken) =>
        (await scope.ScalarAsync("SELECT project_id FROM webhook_subscriptions WHERE id = @id", cancellationToken, ("@id", id)))!.Value;

    public Task<WriteResult<WebhookState>> DeleteWebhookAsync(string projectKey, string id, Precondition precondition, WriteContext context, CancellationToken cancellationToken) =>
        database.WriteAsync(async scope =>
        {
            var before = await FindWebhookAsync(scope, projectKey, id, cancellationToken);
            if (before is null)
            {
                return WriteResult<WebhookState>.Fail(WriteStatus.NotFound);
            }

            if (!precondition.IsSatisfiedBy(before.ETag))
            {
                return WriteResult<WebhookState>.Fail(WriteStatus.PreconditionFailed);
            }

            await scope.ExecuteAsync("DELETE FROM webhook_subscriptions WHERE id = @id", cancellationToken, ("@id", id));
            await AuditLog.AppendAsync(scope, context, AuditRecord.Of("webhook.delete", projectKey, null, WebhookResource(projectKey, id), AuditView(before), null), cancellationToken);
            return WriteResult<WebhookState>.Ok(before, scope.Versions);
        }, cancellationToken);

    public Task<WebhookState?> GetWebhookAsync(string projectKey, string id, CancellationToken cancellationToken) =>
        database.ReadOneAsync($"SELECT {WebhookColumns}{WebhookFrom} WHERE p.key = @project AND w.id = @id", MapWebhook, cancellationToken, ("@project", projectKey), ("@id", id));

    public Task<WebhookState?> FindWebhookAsync(string id, CancellationToken cancellationToken) =>
        database.ReadOneAsync($"SELECT {WebhookColumns}{WebhookFrom} WHERE w.id = @id", MapWebhook, cancellationToken, ("@id", id));

    public async Task<IReadOnlyList<WebhookState>> ListWebhooksAsync(string projectKey, CancellationToken cancellationToken) =>
        await database.ReadManyAsync($"SELECT {WebhookColumns}{WebhookFrom} WHERE p.key = @project ORDER BY w.created_at, w.id", MapWebhook, cancellationToken, ("@project", projectKey));

    private static Task<WebhookState?> FindWebhookAsync(SqlWriteScope scope, string projectKey, string id, CancellationToken cancellationToken) =>
        scope.ReadOneAsync($"SELECT {WebhookColumns}{WebhookFrom} WHERE p.key = @project AND w.id = @id{scope.Lock("w")}", MapWebhook, cancellationToken, ("@project", projectKey), ("@id", id));

    public async Task<int> DrainWebhookOutboxAsync(int limit, Func<IReadOnlyList<WebhookOutboxEntry>, CancellationToken, Task> publish, CancellationToken cancellationToken)
    {
        const string select = "SELECT id, event_id, project_key, environment_key, event_type, data, at FROM webhook_outbox ORDER BY id LIMIT @limit";
        static WebhookOutboxEntry Map(DbDataReader r) => new(r.GetInt64(0), r.GetString(1), r.GetString(2), Database.NullableString(r, 3), r.GetString(4), r.GetString(5), Database.FromMs(r.GetInt64(6)));

        if (database.SharedByReplicas)
        {
            // Replicas share the outbox: each claims rows no other replica holds, publishes them, deletes them, commits.
            // A crash before the commit releases the rows to the next drain; the bus de-duplicates by event id.
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var claimed = await Database.ReadManyAsync(connection, transaction, select + " FOR UPDATE SKIP LOCKED", Map, cancellationToken, ("@limit", (long)limit));
            if (claimed.Count > 0)
            {
                await publish(claimed, cancellationToken);
                await DeleteOutboxAsync(connection, transaction, claimed, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return claimed.Count;
        }

        // One process owns the file: read, publish, then delete in a short write (never hold the writer lock while publishing).
        var entries = await database.ReadManyAsync(select, Map, cancellationToken, ("@limit", (long)limit));
        if (entries.Count == 0)
        {
            return 0;
        }

        await publish(entries, cancellationToken);
        await using (var scope = await database.BeginWriteAsync(cancellationToken))
        {
            await DeleteOutboxAsync(scope.Connection, scope.Transaction, entries, cancellationToken);
            await scope.Transaction.CommitAsync(CancellationToken.None);
        }

        return entries.Count;
    }

    private static async Task DeleteOutboxAsync(DbConnection connection, DbTransaction transaction, List<WebhookOutboxEntry> entries, CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
        {
            await using var one = Database.Command(connection, transaction, "DELETE FROM webhook_outbox WHERE id = @id", ("@id", entry.Id));
            await one.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
