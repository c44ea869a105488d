using Vexil.Server.Storage;

namespace Vexil.Server.Auth.SignIn;

/// <summary>
/// The one check of a local password, for <c>/api/v1/auth/login</c>, the dashboard's <c>/signin</c> and a password
/// change: the throttle first (a name or address still waiting is refused without looking at the password), then the
/// password, every failure counted, logged and audited. Known and unknown names take the same path and the same time.
/// </summary>
internal sealed partial class SignInGuard(AuthStore store, PasswordHasher hasher, SignInThrottle throttle, ILogger<SignInGuard> logger)
{
    /// <summary>Checks <paramref name="password"/> for <paramref name="username"/> signing in from <paramref name="address"/>.</summary>
    public async Task<SignInOutcome> CheckAsync(string? username, string password, string? address, string? requestId, CancellationToken cancellationToken)
    {
        var name = username ?? string.Empty;
        var shown = Shown(name);
        var context = new WriteContext(address is null ? "anonymous" : $"address:{address}", requestId, null);
        var blockedUntil = await throttle.BlockedUntilAsync(name, address, cancellationToken);
        if (blockedUntil is not null)
        {
            var refused = await throttle.RecordFailureAsync(name, shown, address, wasBlocked: true, context, cancellationToken);
            LogThrottled(logger, shown, address, refused.AccountFailures, refused.AddressFailures, refused.BlockedUntil ?? blockedUntil.Value);
            return SignInOutcome.Throttled(refused.BlockedUntil ?? blockedUntil.Value);
        }

        var account = name.Length == 0 ? null : await store.GetAccountAsync(name, cancellationToken);
        // A disabled account is refused like a wrong password, after the same work.
        if (hasher.Verify(account, password) && account!.DisabledAt is null)
        {
            await throttle.ForgetAccountAsync(name, cancellationToken);
            return SignInOutcome.Ok(account!);
        }

        var failure = await throttle.RecordFailureAsync(name, shown, address, wasBlocked: false, context, cancellationToken);
        LogFailed(logger, shown, address, failure.AccountFailures, failure.AddressFailures);
        if (failure.AccountLocked)
        {
            LogAccountLocked(logger, shown, failure.AccountFailures, failure.BlockedUntil!.Value);
        }

        if (failure.AddressLocked)
        {
            LogAddressLocked(logger, address, failure.AddressFailures, failure.BlockedUntil!.Value);
        }

        return SignInOutcome.Refused;
    }

    /// <summary>The most of a typed name that is logged and audited (the throttle counts the whole name): a guessed name is not a place to store a megabyte.</summary>
    internal const int ShownNameLength = 100;

    private static string Shown(string name)
    {
        if (name.Length <= ShownNameLength)
        {
            return name;
        }

        var cut = char.IsHighSurrogate(name[ShownNameLength - 1]) ? ShownNameLength - 1 : ShownNameLength;
        return name[..cut] + "…";
    }

    [LoggerMessage(EventId = 4701, Level = LogLevel.Warning, Message = "Sign-in failed for account name {Username} from {Address} ({AccountFailures} recent failures of the name, {AddressFailures} of the address)")]
    private static partial void LogFailed(ILogger logger, string username, string? address, long accountFailures, long addressFailures);

    [LoggerMessage(EventId = 4702, Level = LogLevel.Warning, Message = "Sign-in of account name {Username} from {Address} refused unchecked: throttled until {BlockedUntil} ({AccountFailures} recent failures of the name, {AddressFailures} of the address)")]
    private static partial void LogThrottled(ILogger logger, string username, string? address, long accountFailures, long addressFailures, DateTimeOffset blockedUntil);

    [LoggerMessage(EventId = 4703, Level = LogLevel.Error, Message = "Account name {Username} locked until {LockedUntil} after {Failures} failed sign-ins")]
    private static partial void LogAccountLocked(ILogger logger, string username, long failures, DateTimeOffset lockedUntil);

    [LoggerMessage(EventId = 4704, Level = LogLevel.Error, Message = "Source address {Address} locked until {LockedUntil} after {Failures} failed sign-ins")]
    private static partial void LogAddressLocked(ILogger logger, string? address, long failures, DateTimeOffset lockedUntil);
}
