namespace Vexil.Server.Auth.SignIn;

/// <summary>What a sign-in check found: the account, a refusal, or a wait (the name or address is throttled or locked).</summary>
internal sealed record SignInOutcome(AccountState? Account, DateTimeOffset? RetryAt)
{
    /// <summary>Unknown name or wrong password (never which).</summary>
    public static readonly SignInOutcome Refused = new(null, null);

    /// <summary>The password is the account's.</summary>
    public static SignInOutcome Ok(AccountState account) => new(account, null);

    /// <summary>Not checked: the name or the address must wait until <paramref name="retryAt"/>.</summary>
    public static SignInOutcome Throttled(DateTimeOffset retryAt) => new(null, retryAt);

    /// <summary>The Retry-After seconds (at least 1) from <paramref name="now"/>.</summary>
    public long RetryAfterSeconds(DateTimeOffset now) => RetryAt is { } at ? Math.Max(1, (long)Math.Ceiling((at - now).TotalSeconds)) : 0;
}
