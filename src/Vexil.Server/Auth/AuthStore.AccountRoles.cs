using Vexil.Server.Audit;
using Vexil.Server.Storage;

namespace Vexil.Server.Auth;

/// <summary>An account's role: changed by an administrator, audited, and in force at once (the account's sessions are revoked).</summary>
internal sealed partial class AuthStore
{
    /// <summary>
    /// Gives the account <paramref name="role"/>; its sessions are revoked in the same transaction, so the next sign-in
    /// carries the new role (a session holds the role it was opened with). The last enabled administrator keeps its
    /// role (Conflict). Unchanged when the account already has the role.
    /// </summary>
    public Task<WriteResult<AccountState>> SetAccountRoleAsync(string username, Role role, WriteContext context, CancellationToken cancellationToken) =>
        database.WriteAsync(async scope =>
        {
            var account = await scope.ReadOneAsync($"SELECT {AccountColumns} FROM accounts WHERE username = @name", MapAccount, cancellationToken, ("@name", username));
            if (account is null)
            {
                return WriteResult<AccountState>.Fail(WriteStatus.NotFound);
            }

            if (account.Role == role)
            {
                return WriteResult<AccountState>.Ok(account, scope.Versions);
            }

            if (role < Role.Administrator && account.DisabledAt is null && await IsLastAdministratorAsync(scope, account, cancellationToken))
            {
                return WriteResult<AccountState>.Fail(WriteStatus.Conflict);
            }

            await scope.ExecuteAsync("UPDATE accounts SET role = @role WHERE id = @id", cancellationToken, ("@role", RoleName(role)), ("@id", account.Id));
            await RevokeSessionsOfAsync(scope, username, includeResets: false, except: null, cancellationToken);
            var after = account with { Role = role };
            await AuditLog.AppendAsync(scope, context, AuditRecord.Of("account.role", null, null, $"accounts/{username}", Audited(account), Audited(after)), cancellationToken);
            return WriteResult<AccountState>.Ok(after, scope.Versions);
        }, cancellationToken);
}
