using System.Data.Common;
using Vexil.Server.Audit;
using Vexil.Server.Storage;

namespace Vexil.Server.Auth;

/// <summary>Accounts, API tokens and SDK keys: every secret stored as a hash, every write audited.</summary>
internal sealed partial class AuthStore(Database database)
{
    private const string AccountColumns = "id, username, password_hash, salt, iterations, role, created_at, disabled_at";
    private const string TokenColumns = "id, name, role, project_id, kind, created_by, created_at, expires_at, revoked_at";
    private const string SdkKeyColumns = "id, environment_id, kind, hint, created_at, expires_at, revoked_at, allowed_origins, name";

    internal static string RoleName(Role role) => role switch
    {
        Role.Viewer => "viewer",
        Role.Editor => "editor",
        _ => "administrator",
    };

    internal static Role? ParseRole(string? text) => text switch
    {
        "viewer" => Role.Viewer,
        "editor" => Role.Editor,
        "administrator" => Role.Administrator,
        _ => null,
    };

    private static AccountState MapAccount(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), (int)r.GetInt64(4), ParseRole(r.GetString(5)) ?? Role.Viewer, Database.FromMs(r.GetInt64(6)))
        {
            DisabledAt = Database.NullableInt64(r, 7) is { } d ? Database.FromMs(d) : null,
        };

    private static ApiTokenState MapToken(DbDataReader r) =>
        new(
            r.GetInt64(0),
            r.GetString(1),
            ParseRole(r.GetString(2)) ?? Role.Viewer,
            Database.NullableInt64(r, 3),
            r.GetString(4),
            r.GetString(5),
            Database.FromMs(r.GetInt64(6)),
            Database.NullableInt64(r, 7) is { } e ? Database.FromMs(e) : null,
            Database.NullableInt64(r, 8) is { } v ? Database.FromMs(v) : null);

    private static SdkKeyState MapSdkKey(DbDataReader r) =>
        new(
            r.GetInt64(0),
            r.GetInt64(1),
            r.GetString(2),
            r.GetString(3),
            Database.FromMs(r.GetInt64(4)),
            Database.NullableInt64(r, 5) is { } e ? Database.FromMs(e) : null,
            Database.NullableInt64(r, 6) is { } v ? Database.FromMs(v) : null)
        {
            AllowedOrigins = ReadOrigins(r, 7),
            Name = r.GetString(8),
        };

    public async Task<long> CountAccountsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Database.Command(connection, null, "SELECT COUNT(*) FROM accounts");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public Task<WriteResult<AccountState>> CreateAccountAsync(AccountState account, WriteContext context, CancellationToken cancellationToken) =>
        database.WriteAsync(async scope =>
        {
            var exists = await scope.ScalarAsync("SELECT id FROM accounts WHERE username = @name", cancellationToken, ("@name", account.Username));
            if (exists is not null)
            {
                return WriteResult<AccountState>.Fail(WriteStatus.Conflict);
            }

            var id = await scope.ScalarAsync(
                "INSERT INTO accounts (username, password_hash, salt, iterations, role, created_at) VALUES (@name, @hash, @salt, @iterations, @role, @now) RETURNING id",
                cancellationToken,
                ("@name", account.Username),
                ("@hash", account.PasswordHash),
                ("@salt", account.Salt),
                ("@iterations", (long)account.Iterations),
                ("@role", RoleName(account.Role)),
                ("@now", scope.Now));
            var created = account with { Id = id!.Value, CreatedAt = Database.FromMs(scope.Now) };
            await AuditLog.AppendAsync(scope, context, AuditRecord.Of("account.create", null, null, $"accounts/{account.Username}", null, new { account.Username, Role = RoleName(account.Role) }), cancellationToken);
            return WriteResult<AccountState>.Ok(created, scope.Versions);
        }, cancellationToken);

    public Task<AccountState?> GetAccountAsync(string username, CancellationToken cancellationToken) =>
        database.ReadOneAsync(
            $"SELECT {AccountColumns} FROM accounts WHERE username = @name",
            MapAccount,
            cancellationToken,
            ("@name", username));

    public async Task<ApiTokenState> CreateApiTokenAsync(string name, string tokenHash, Role role, long? projectId, string kind, DateTimeOffset? expiresAt, WriteContext context, CancellationToken cancellationToken)
    {
        var result = await database.WriteAsync(async scope =>
        {
            var id = await scope.ScalarAsync(
                "INSERT INTO api_tokens (name, token_hash, role, project_id, kind, created_by, created_at, expires_at) VALUES (@name, @hash, @role, @project, @kind, @by, @now, @expires) RETURNING id",
                cancellationToken,
                ("@name", name),
                ("@hash", tokenHash),
                ("@role", RoleName(role)),
                ("@project", projectId),
                ("@kind", kind),
                ("@by", context.Actor),
                ("@now", scope.Now),
                ("@expires", expiresAt?.ToUnixTimeMilliseconds()));
            var token = new ApiTokenState(id!.Value, name, role, projectId, kind, context.Actor, Database.FromMs(scope.Now), expiresAt, null);
            if (kind == TokenKinds.Api)
            {
                await AuditLog.AppendAsync(scope, context, AuditRecord.Of("token.create", null, null, $"tokens/{token.Id}", null, token), cancellationToken);
            }
            else
            {
                // Sessions are many and short-lived: each login sweeps the expired ones.
                await scope.ExecuteAsync("DELETE FROM api_tokens WHERE kind IN ('session', 'dashboard', 'reset') AND expires_at < @now", cancellationToken, ("@now", scope.Now));
            }

            return WriteResult<ApiTokenState>.Ok(token, scope.Versions);
        }, cancellationToken);
        return result.Value!;
    }

    public Task<ApiTokenState?> FindApiTokenAsync(string tokenHash, CancellationToken cancellationToken) =>
        database.ReadOneAsync($"SELECT {TokenColumns} FROM api_tokens WHERE token_hash = @hash", MapToken, cancellationToken, ("@hash", tokenHash));

    public async Task<IReadOnlyList<ApiTokenState>> ListApiTokensAsync(CancellationToken cancellationToken) =>
        await database.ReadManyAsync($"SELECT {TokenColumns} FROM api_tokens WHERE kind = 'api' ORDER BY id", MapToken, cancellationToken);

    public async Task<bool> RevokeApiTokenAsync(long id, WriteContext context, CancellationToken cancellationToken)
    {
        var result = await database.WriteAsync(async scope =>
        {
            var changed = await scope.ExecuteAsync("UPDATE api_tokens SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL", cancellationToken, ("@now", scope.Now), ("@id", id));
            if (changed == 0)
            {
                return WriteResult<bool>.Fail(WriteStatus.NotFound);
            }

            await AuditLog.AppendAsync(scope, context, AuditRecord.Of("token.revoke", null, null, $"tokens/{id}", null, null), cancellationToken);
            return WriteResult<bool>.Ok(true, scope.Versions);
        }, cancellationToken);
        return result.Status == WriteStatus.Ok;
    }

    public Task<SdkKeyState?> FindSdkKeyAsync(string keyHash, CancellationToken cancellationToken) =>
        database.ReadOneAsync($"SELECT {SdkKeyColumns} FROM sdk_keys WHERE key_hash = @hash", MapSdkKey, cancellationToken, ("@hash", keyHash));

    public async Task<IReadOnlyList<SdkKeyState>> ListSdkKeysAsync(long environmentId, CancellationToken cancellationToken) =>
        await database.ReadManyAsync($"SELECT {SdkKeyColumns} FROM sdk_keys WHERE environment_id = @env ORDER BY id", MapSdkKey, cancellationToken, ("@env", environmentId));

    public async Task<bool> RevokeSdkKeyAsync(long environmentId, long id, WriteContext context, CancellationToken cancellationToken)
    {
        var result = await database.WriteAsync(async scope =>
        {
            var changed = await scope.ExecuteAsync(
                "UPDATE sdk_keys SET revoked_at = @now WHERE id = @id AND environment_id = @env AND revoked_at IS NULL",
                cancellationToken,
                ("@now", scope.Now),
                ("@id", id),
                ("@env", environmentId));
            if (changed == 0)
            {
                return WriteResult<bool>.Fail(WriteStatus.NotFound);
            }

            await AuditLog.AppendAsync(scope, context, AuditRecord.Of("sdkkey.revoke", null, null, $"environments/{environmentId}/sdk-keys/{id}", null, null), cancellationToken);
            return WriteResult<bool>.Ok(true, scope.Versions);
        }, cancellationToken);
        return result.Status == WriteStatus.Ok;
    }
}
