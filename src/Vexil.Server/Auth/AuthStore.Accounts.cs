using Vexil.Server.Audit;
using Vexil.Server.Storage;

namespace Vexil.Server.Auth;

/// <summary>Account lifecycle: list, disable, enable, delete, change a password; each audited, each revoking sessions at once where it should.</summary>
internal sealed partial class AuthStore
{
    /// <summary>The kinds of rows that are a person's sessions (revoked together).</summary>
    private const string SessionKinds = "('session', 'dashboard')";

    public async Task<IReadOnlyList<AccountState>> ListAccountsAsync(CancellationToken cancellationToken) =>
        await database.ReadManyAsync($"SELECT {AccountColumns} FROM accounts ORDER BY username", MapAccount, cancellationToken);

    /// <summary>Disables or enables an account; disabling revokes its sessions and unused reset links in the same transaction. The last enabled administrator cannot be disabled.</summary>
    public Task<WriteResult<AccountState>> SetAccountDisabledAsync(string username, bool disabled, WriteContext context, CancellationToken cancellationToken) =>
        database.WriteAsync(async scope =>
        {
            var account = await scope.ReadOneAsync($"SELECT {AccountColumns} FROM accounts WHERE username = @name", MapAccount, cancellationToken, ("@name", username));
            if (account is null)
            {
                return WriteResult<AccountState>.Fail(WriteStatus.NotFound);
            }

            if (disabled && account.DisabledAt is null && await IsLastAdministratorAsync(scope, account, cancellationToken))
            {
                return WriteResult<AccountState>.Fail(WriteStatus.Conflict);
            }

            await scope.ExecuteAsync("UPDATE accounts SET disabled_at = @at WHERE id = @id", cancellationToken, ("@at", disabled ? account.DisabledAt?.ToUnixTimeMilliseconds() ?? scope.Now : null), ("@id", account.Id));
            if (disabled)
            {
                await RevokeSessionsOfAsync(scope, username, includeResets: true, except: null, cancellationToken);
            }

            var after = account with { DisabledAt = disabled ? account.DisabledAt ?? Database.FromMs(scope.Now) : null };
            await AuditLog.AppendAsync(scope, context, AuditRecord.Of(disabled ? "account.disable" : "account.enable", null, null, $"accounts/{username}", Audited(account), Audited(after)), cancellationToken);
            return WriteResult<AccountState>.Ok(after, scope.Versions);
        }, cancellationToken);

    /// <summary>Deletes an account and revokes its sessions; its audit trail stays. The last enabled administrator cannot be deleted.</summary>
    public Task<WriteResult<AccountState>> DeleteAccountAsync(string username, WriteContext context, CancellationToken cancellationToken) =>
        database.WriteAsync(async scope =>
        {
            var account = await scope.ReadOneAsync($"SELECT {AccountColumns} FROM accounts WHERE username = @name", MapAccount, cancellationToken, ("@name", username));
            if (account is null)
            {
                return WriteResult<AccountState>.Fail(WriteStatus.NotFound);
            }

            if (account.DisabledAt is null && await IsLastAdministratorAsync(scope, account, cancellationToken))
            {
                return WriteResult<AccountState>.Fail(WriteStatus.Conflict);
            }

            await RevokeSessionsOfAsync(scope, username, includeResets: true, except: null, cancellationToken);
            await scope.ExecuteAsync("DELETE FROM accounts WHERE id = @id", cancellationToken, ("@id", account.Id));
            await AuditLog.AppendAsync(scope, context, AuditRecord.Of("account.delete", null, null, $"accounts/{username}", Audited(account), null), cancellationToken);
            return WriteResult<AccountState>.Ok(account, scope.Versions);
        }, cancellationToken);

    /// <summary>Sets a new password hash for the account; every other session of the account (all but <paramref name="keepSessionId"/>) is revoked.</summary>
    public Task<WriteResult<AccountState>> ChangePasswordAsync(AccountState hashed, long? keepSessionId, WriteContext context, CancellationToken cancellationToken) =>
        database.WriteAsync(async scope =>
        {
            var changed = await scope.ExecuteAsync(
                "UPDATE accounts SET password_hash = @hash, salt = @salt, iterations = @iterations WHERE username = @name AND disabled_at IS NULL",
                cancellationToken,
                ("@name", hashed.Username),
                ("@hash", hashed.PasswordHash),
                ("@salt", hashed.Salt),
                ("@iterations", (long)hashed.Iterations));
            if (changed == 0)
            {
                return WriteResult<AccountState>.Fail(WriteStatus.NotFound);
            }

            await RevokeSessionsOfAsync(scope, hashed.Username, includeResets: true, except: keepSessionId, cancellationToken);
            await AuditLog.AppendAsync(scope, context, AuditRecord.Of("account.change-password", null, null, $"accounts/{hashed.Username}", null, new { hashed.Username, OtherSessionsRevoked = true }), cancellationToken);
            return WriteResult<AccountState>.Ok(hashed, scope.Versions);
        }, cancellationToken);

    private static async Task RevokeSessionsOfAsync(SqlWriteScope scope, string username, bool includeResets, long? except, CancellationToken cancellationToken) =>
        await scope.ExecuteAsync(
            $"UPDATE api_tokens SET revoked_at = @now WHERE name = @name AND revoked_at IS NULL AND (kind IN {SessionKinds}{(includeResets ? " OR kind = 'reset'" : string.Empty)}) AND id <> @except",
            cancellationToken,
            ("@now", scope.Now),
            ("@name", username),
            ("@except", except ?? -1L));

    private static async Task<bool> IsLastAdministratorAsync(SqlWriteScope scope, AccountState account, CancellationToken cancellationToken) =>
        account.Role == Role.Administrator
        && await scope.ScalarAsync("SELECT COUNT(*) FROM accounts WHERE role = 'administrator' AND disabled_at IS NULL AND id <> @id", cancellationToken, ("@id", account.Id)) == 0;

    private static object Audited(AccountState a) => new { a.Username, Role = RoleName(a.Role), a.CreatedAt, a.DisabledAt };
}
