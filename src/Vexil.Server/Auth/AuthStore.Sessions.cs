using Vexil.Server.Audit;
using Vexil.Server.Storage;

namespace Vexil.Server.Auth;

/// <summary>A person's sessions (listed, revoked one by one) and one-time password-reset links.</summary>
internal sealed partial class AuthStore
{
    /// <summary>The account's sessions that still work (API and dashboard), newest first.</summary>
    public async Task<IReadOnlyList<ApiTokenState>> ListSessionsAsync(string username, CancellationToken cancellationToken) =>
        await database.ReadManyAsync(
            $"SELECT {TokenColumns} FROM api_tokens WHERE name = @name AND kind IN {SessionKinds} AND revoked_at IS NULL AND expires_at > @now ORDER BY id DESC",
            MapToken,
            cancellationToken,
            ("@name", username),
            ("@now", database.Now()));

    /// <summary>Revokes one session of the account; false when it has no such working session.</summary>
    public async Task<bool> RevokeSessionAsync(string username, long id, WriteContext context, CancellationToken cancellationToken)
    {
        var result = await database.WriteAsync(async scope =>
        {
            var changed = await scope.ExecuteAsync(
                $"UPDATE api_tokens SET revoked_at = @now WHERE id = @id AND name = @name AND kind IN {SessionKinds} AND revoked_at IS NULL",
                cancellationToken,
                ("@now", scope.Now),
                ("@id", id),
                ("@name", username));
            if (changed == 0)
            {
                return WriteResult<bool>.Fail(WriteStatus.NotFound);
            }

            await AuditLog.AppendAsync(scope, context, AuditRecord.Of("session.revoke", null, null, $"accounts/{username}/sessions/{id}", null, null), cancellationToken);
            return WriteResult<bool>.Ok(true, scope.Versions);
        }, cancellationToken);
        return result.Status == WriteStatus.Ok;
    }

    /// <summary>Stores a one-time reset link (its hash) for an enabled account, replacing any unused one; NotFound for no such enabled account.</summary>
    public Task<WriteResult<ApiTokenState>> IssueResetLinkAsync(string username, string linkHash, DateTimeOffset expiresAt, WriteContext context, CancellationToken cancellationToken) =>
        database.WriteAsync(async scope =>
        {
            var account = await scope.ReadOneAsync($"SELECT {AccountColumns} FROM accounts WHERE username = @name AND disabled_at IS NULL", MapAccount, cancellationToken, ("@name", username));
            if (account is null)
            {
                return WriteResult<ApiTokenState>.Fail(WriteStatus.NotFound);
            }

            await scope.ExecuteAsync("UPDATE api_tokens SET revoked_at = @now WHERE name = @name AND kind = 'reset' AND revoked_at IS NULL", cancellationToken, ("@now", scope.Now), ("@name", username));
            var id = await scope.ScalarAsync(
                "INSERT INTO api_tokens (name, token_hash, role, project_id, kind, created_by, created_at, expires_at) VALUES (@name, @hash, @role, NULL, 'reset', @by, @now, @expires) RETURNING id",
                cancellationToken,
                ("@name", username),
                ("@hash", linkHash),
                ("@role", RoleName(account.Role)),
                ("@by", context.Actor),
                ("@now", scope.Now),
                ("@expires", expiresAt.ToUnixTimeMilliseconds()));
            var link = new ApiTokenState(id!.Value, username, account.Role, null, TokenKinds.Reset, context.Actor, Database.FromMs(scope.Now), expiresAt, null);
            await AuditLog.AppendAsync(scope, context, AuditRecord.Of("account.issue-reset-link", null, null, $"accounts/{username}", null, new { Username = username, link.ExpiresAt }), cancellationToken);
            return WriteResult<ApiTokenState>.Ok(link, scope.Versions);
        }, cancellationToken);

    /// <summary>
    /// Uses a reset link once: marks it used, sets the password (<paramref name="hash"/> made for the link's account) and
    /// revokes every session of the account, in one transaction; NotFound when the link is unknown, used, expired,
    /// replaced, or its account disabled or deleted.
    /// </summary>
    public Task<WriteResult<AccountState>> UseResetLinkAsync(ApiTokenState link, AccountState hash, WriteContext context, CancellationToken cancellationToken) =>
        database.WriteAsync(async scope =>
        {
            var used = await scope.ExecuteAsync(
                "UPDATE api_tokens SET revoked_at = @now WHERE id = @id AND kind = 'reset' AND revoked_at IS NULL AND expires_at > @now",
                cancellationToken,
                ("@now", scope.Now),
                ("@id", link.Id));
            var changed = used == 0 ? 0 : await scope.ExecuteAsync(
                "UPDATE accounts SET password_hash = @hash, salt = @salt, iterations = @iterations WHERE username = @name AND disabled_at IS NULL",
                cancellationToken,
                ("@name", link.Name),
                ("@hash", hash.PasswordHash),
                ("@salt", hash.Salt),
                ("@iterations", (long)hash.Iterations));
            if (changed == 0)
            {
                return WriteResult<AccountState>.Fail(WriteStatus.NotFound);
            }

            await RevokeSessionsOfAsync(scope, link.Name, includeResets: true, except: null, cancellationToken);
            await LiftSignInLockAsync(scope, link.Name, cancellationToken);
            await AuditLog.AppendAsync(scope, context, AuditRecord.Of("account.reset-password", null, null, $"accounts/{link.Name}", null, new { Username = link.Name, ResetLink = link.Id }), cancellationToken);
            return WriteResult<AccountState>.Ok(hash, scope.Versions);
        }, cancellationToken);

    /// <summary>A new password set by an administrator's means makes earlier guesses moot: the name's failures and lock are forgotten.</summary>
    private static Task<int> LiftSignInLockAsync(SqlWriteScope scope, string username, CancellationToken cancellationToken) =>
        scope.ExecuteAsync("DELETE FROM sign_in_throttle WHERE key = @key", cancellationToken, ("@key", SignIn.SignInThrottle.AccountKey(username)));
}
