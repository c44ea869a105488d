using Microsoft.Extensions.Options;
using Vexil.Server.Audit;
using Vexil.Server.Storage;

namespace Vexil.Server.Auth.SignIn;

/// <summary>
/// The throttle's state in the store (table <c>sign_in_throttle</c>), so every replica sharing a PostgreSQL store sees
/// the same failures, waits and locks. Rows are keyed by the SHA-256 of the account name as typed (whether or not such an
/// account exists, so the throttle says nothing about which do) and of the source address.
/// </summary>
internal sealed class SignInThrottle(Database database, IOptions<SignInThrottleOptions> options)
{
    /// <summary>The row key of an account name.</summary>
    public static string AccountKey(string username) => "account:" + SecretTokens.Hash(username);

    /// <summary>The row key of a source address.</summary>
    public static string AddressKey(string address) => "address:" + SecretTokens.Hash(address);

    /// <summary>Until when no sign-in of this name from this address is checked; null when one may be checked now.</summary>
    public async Task<DateTimeOffset?> BlockedUntilAsync(string username, string? address, CancellationToken cancellationToken)
    {
        var blocked = await database.ReadOneAsync(
            "SELECT MAX(blocked_until) FROM sign_in_throttle WHERE key IN (@account, @address) AND blocked_until > @now",
            r => new Row(0, Database.NullableInt64(r, 0)),
            cancellationToken,
            ("@account", AccountKey(username)),
            ("@address", address is null ? string.Empty : AddressKey(address)),
            ("@now", database.Now()));
        return blocked?.BlockedUntil is { } ms ? Database.FromMs(ms) : null;
    }

    /// <summary>
    /// Counts one failed (or refused while blocked) sign-in against the name and the address, sets the next wait or the
    /// lock, and audits it: one transaction, atomic per row, so concurrent failures on several replicas all count.
    /// </summary>
    /// <remarks><paramref name="shown"/> is the name as audited (cut short when long); the whole name is counted.</remarks>
    public async Task<SignInFailure> RecordFailureAsync(string username, string shown, string? address, bool wasBlocked, WriteContext context, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var result = await database.WriteAsync(async scope =>
        {
            var account = await CountAsync(scope, AccountKey(username), o.AccountFreeFailures, o.AccountLockAfter, cancellationToken);
            var source = address is null ? default : await CountAsync(scope, AddressKey(address), o.AddressFreeFailures, o.AddressLockAfter, cancellationToken);
            await scope.ExecuteAsync(
                "DELETE FROM sign_in_throttle WHERE last_failure_at < @forget AND (blocked_until IS NULL OR blocked_until < @now)",
                cancellationToken,
                ("@forget", scope.Now - (long)o.ForgetAfter.TotalMilliseconds),
                ("@now", scope.Now));
            var blocked = Math.Max(account.BlockedUntil ?? 0, source.BlockedUntil ?? 0);
            var failure = new SignInFailure(
                account.Failures,
                source.Failures,
                blocked > scope.Now ? Database.FromMs(blocked) : null,
                account.LockedNow,
                source.LockedNow);
            await AuditLog.AppendAsync(
                scope,
                context,
                AuditRecord.Of(
                    "auth.sign-in-failed",
                    null,
                    null,
                    $"accounts/{shown}",
                    null,
                    new { Username = shown, Address = address, WasBlocked = wasBlocked, failure.AccountFailures, failure.AddressFailures, failure.BlockedUntil, failure.AccountLocked, failure.AddressLocked }),
                cancellationToken);
            return WriteResult<SignInFailure>.Ok(failure, scope.Versions);
        }, cancellationToken);
        return result.Value!;
    }

    /// <summary>A successful sign-in forgets the name's failures (never the address's: one good account must not clear an address that guesses at others).</summary>
    public async Task ForgetAccountAsync(string username, CancellationToken cancellationToken)
    {
        // Most sign-ins follow no failure: a read, and no write at all. A write goes through the store's one writer
        // (on SQLite a raw autocommit DELETE queued for the file's lock behind other writers' transactions).
        var key = AccountKey(username);
        var counted = await database.ReadOneAsync("SELECT key FROM sign_in_throttle WHERE key = @key", r => r.GetString(0), cancellationToken, ("@key", key));
        if (counted is null)
        {
            return;
        }

        await database.WriteAsync(
            async scope =>
            {
                await scope.ExecuteAsync("DELETE FROM sign_in_throttle WHERE key = @key AND (blocked_until IS NULL OR blocked_until <= @now)", cancellationToken, ("@key", key), ("@now", scope.Now));
                return WriteResult<bool>.Ok(true, scope.Versions);
            },
            cancellationToken);
    }

    private async Task<Counted> CountAsync(SqlWriteScope scope, string key, int free, int lockAfter, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = scope.Now;
        var row = await scope.ReadOneAsync(
            "INSERT INTO sign_in_throttle (key, failures, last_failure_at, blocked_until) VALUES (@key, 1, @now, NULL) " +
            "ON CONFLICT (key) DO UPDATE SET failures = CASE WHEN sign_in_throttle.last_failure_at < @forget AND (sign_in_throttle.blocked_until IS NULL OR sign_in_throttle.blocked_until < @now) " +
            "THEN 1 ELSE sign_in_throttle.failures + 1 END, last_failure_at = @now RETURNING failures, blocked_until",
            r => new Row(r.GetInt64(0), Database.NullableInt64(r, 1)),
            cancellationToken,
            ("@key", key),
            ("@now", now),
            ("@forget", now - (long)o.ForgetAfter.TotalMilliseconds));
        var existing = row!.BlockedUntil is { } b && b > now ? b : (long?)null;
        long? next;
        var lockedNow = false;
        if (row.Failures >= lockAfter)
        {
            // A lock runs its course: attempts during it are counted but do not extend it; the first failure after it locks again.
            var alreadyLocked = existing is not null && row.Failures > lockAfter;
            next = alreadyLocked ? existing : now + (long)o.LockDuration.TotalMilliseconds;
            lockedNow = !alreadyLocked;
        }
        else
        {
            var delay = o.DelayAfter(row.Failures, free);
            next = delay > TimeSpan.Zero ? Math.Max(existing ?? 0, now + (long)delay.TotalMilliseconds) : existing;
        }

        if (next != row.BlockedUntil)
        {
            await scope.ExecuteAsync("UPDATE sign_in_throttle SET blocked_until = @until WHERE key = @key", cancellationToken, ("@until", next), ("@key", key));
        }

        return new Counted(row.Failures, next, lockedNow);
    }

    private readonly record struct Counted(long Failures, long? BlockedUntil, bool LockedNow);

    private sealed record Row(long Failures, long? BlockedUntil);
}
