using Vexil.Server.Audit;
using Vexil.Server.Auth.Oidc;
using Vexil.Server.Storage;

namespace Vexil.Server.Auth;

/// <summary>Accounts of people signed in through an OpenID provider: linked by issuer and subject, created just in time, their role recomputed at each sign-in.</summary>
internal sealed partial class AuthStore
{
    /// <summary>
    /// Signs in the person of <paramref name="signIn"/>, in one transaction: finds the account linked to the issuer and
    /// subject, or creates it (named <see cref="ExternalSignIn.Username"/>, or that name with the provider's when taken,
    /// with the unusable password of <paramref name="newAccount"/>) and links it; sets its role to the one the claims
    /// give now; audits it all. A disabled account is returned as it is (its sign-in refused by the caller) and the
    /// refusal audited. Conflict when no free name could be found.
    /// </summary>
    public Task<WriteResult<AccountState>> SignInExternalAsync(ExternalSignIn signIn, AccountState newAccount, WriteContext context, CancellationToken cancellationToken) =>
        database.WriteAsync(async scope =>
        {
            var linked = await scope.ScalarAsync(
                "SELECT account_id FROM external_identities WHERE issuer = @issuer AND subject = @subject",
                cancellationToken,
                ("@issuer", signIn.Issuer),
                ("@subject", signIn.Subject));
            var identity = new { signIn.Provider, signIn.Issuer, signIn.Subject };
            AccountState? account = null;
            if (linked is { } accountId)
            {
                account = await scope.ReadOneAsync($"SELECT {AccountColumns} FROM accounts WHERE id = @id", MapAccount, cancellationToken, ("@id", accountId));
            }

            if (account is null)
            {
                var name = await FreeNameAsync(scope, signIn, cancellationToken);
                if (name is null)
                {
                    return WriteResult<AccountState>.Fail(WriteStatus.Conflict);
                }

                var id = await scope.ScalarAsync(
                    "INSERT INTO accounts (username, password_hash, salt, iterations, role, created_at) VALUES (@name, @hash, @salt, @iterations, @role, @now) RETURNING id",
                    cancellationToken,
                    ("@name", name),
                    ("@hash", newAccount.PasswordHash),
                    ("@salt", newAccount.Salt),
                    ("@iterations", (long)newAccount.Iterations),
                    ("@role", RoleName(signIn.Role)),
                    ("@now", scope.Now));
                await scope.ExecuteAsync(
                    "INSERT INTO external_identities (account_id, provider, issuer, subject, created_at, last_sign_in_at) VALUES (@account, @provider, @issuer, @subject, @now, @now)",
                    cancellationToken,
                    ("@account", id!.Value),
                    ("@provider", signIn.Provider),
                    ("@issuer", signIn.Issuer),
                    ("@subject", signIn.Subject),
                    ("@now", scope.Now));
                account = newAccount with { Id = id.Value, Username = name, Role = signIn.Role, CreatedAt = Database.FromMs(scope.Now) };
                await AuditLog.AppendAsync(scope, context, AuditRecord.Of("account.create", null, null, $"accounts/{name}", null, new { Username = name, Role = RoleName(signIn.Role), JustInTime = true, Identity = identity }), cancellationToken);
            }
            else if (account.DisabledAt is not null)
            {
                await AuditLog.AppendAsync(scope, context, AuditRecord.Of("auth.sso-sign-in-refused", null, null, $"accounts/{account.Username}", null, new { account.Username, Reason = "disabled", Identity = identity }), cancellationToken);
                return WriteResult<AccountState>.Ok(account, scope.Versions);
            }
            else
            {
                if (account.Role != signIn.Role)
                {
                    await scope.ExecuteAsync("UPDATE accounts SET role = @role WHERE id = @id", cancellationToken, ("@role", RoleName(signIn.Role)), ("@id", account.Id));
                    await AuditLog.AppendAsync(scope, context, AuditRecord.Of("account.role-change", null, null, $"accounts/{account.Username}", new { account.Username, Role = RoleName(account.Role) }, new { account.Username, Role = RoleName(signIn.Role), From = identity }), cancellationToken);
                    account = account with { Role = signIn.Role };
                }

                await scope.ExecuteAsync(
                    "UPDATE external_identities SET last_sign_in_at = @now, provider = @provider WHERE issuer = @issuer AND subject = @subject",
                    cancellationToken,
                    ("@now", scope.Now),
                    ("@provider", signIn.Provider),
                    ("@issuer", signIn.Issuer),
                    ("@subject", signIn.Subject));
            }

            await AuditLog.AppendAsync(scope, context, AuditRecord.Of("auth.sso-sign-in", null, null, $"accounts/{account.Username}", null, new { account.Username, Role = RoleName(account.Role), signIn.Project, Identity = identity }), cancellationToken);
            return WriteResult<AccountState>.Ok(account, scope.Versions);
        }, cancellationToken);

    /// <summary>Audits a provider's sign-in that Vexil refused before any account was touched (no mapping lets the person in, no such project).</summary>
    public async Task AuditExternalRefusalAsync(string provider, string issuer, string subject, string reason, WriteContext context, CancellationToken cancellationToken) =>
        await database.WriteAsync(async scope =>
        {
            await AuditLog.AppendAsync(scope, context, AuditRecord.Of("auth.sso-sign-in-refused", null, null, $"identities/{provider}", null, new { Reason = reason, Identity = new { Provider = provider, Issuer = issuer, Subject = subject } }), cancellationToken);
            return WriteResult<bool>.Ok(true, scope.Versions);
        }, cancellationToken);

    /// <summary>The wanted name, or it with the provider's name (then a number) when a local account or another identity has it.</summary>
    private static async Task<string?> FreeNameAsync(SqlWriteScope scope, ExternalSignIn signIn, CancellationToken cancellationToken)
    {
        string[] candidates = [signIn.Username, $"{signIn.Username}-{signIn.Provider}", .. Enumerable.Range(2, 8).Select(n => $"{signIn.Username}-{signIn.Provider}-{n}")];
        foreach (var name in candidates)
        {
            if (name.Length <= 128 && await scope.ScalarAsync("SELECT id FROM accounts WHERE username = @name", cancellationToken, ("@name", name)) is null)
            {
                return name;
            }
        }

        return null;
    }
}
