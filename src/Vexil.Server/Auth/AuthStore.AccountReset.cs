using Vexil.Server.Audit;
using Vexil.Server.Storage;

namespace Vexil.Server.Auth;

internal sealed partial class AuthStore
{
    public Task<WriteResult<AccountState>> ResetAccountPasswordAsync(AccountState account, WriteContext context, CancellationToken cancellationToken) =>
        database.WriteAsync(async scope =>
        {
            var changed = await scope.ExecuteAsync(
                "UPDATE accounts SET password_hash = @hash, salt = @salt, iterations = @iterations WHERE username = @name",
                cancellationToken,
                ("@name", account.Username),
                ("@hash", account.PasswordHash),
                ("@salt", account.Salt),
                ("@iterations", (long)account.Iterations));
            if (changed == 0)
            {
                await scope.ExecuteAsync(
                    "INSERT INTO accounts (username, password_hash, salt, iterations, role, created_at) VALUES (@name, @hash, @salt, @iterations, @role, @now)",
                    cancellationToken,
                    ("@name", account.Username),
                    ("@hash", account.PasswordHash),
                    ("@salt", account.Salt),
                    ("@iterations", (long)account.Iterations),
                    ("@role", RoleName(account.Role)),
                    ("@now", scope.Now));
            }

            // Whoever signed in with the old password is signed out.
            await scope.ExecuteAsync(
                "UPDATE api_tokens SET revoked_at = @now WHERE kind IN ('session', 'dashboard') AND name = @name AND revoked_at IS NULL",
                cancellationToken,
                ("@now", scope.Now),
                ("@name", account.Username));
            await LiftSignInLockAsync(scope, account.Username, cancellationToken);
            await AuditLog.AppendAsync(scope, context, AuditRecord.Of("account.reset-password", null, null, $"accounts/{account.Username}", null, new { account.Username, Created = changed == 0 }), cancellationToken);
            return WriteResult<AccountState>.Ok(account, scope.Versions);
        }, cancellationToken);
}
