using System.ComponentModel.DataAnnotations;

namespace Vexil.Server.Auth.SignIn;

/// <summary>
/// How sign-in resists guessing (section <c>Vexil:SignInThrottle</c>): after a few free failures each further failure
/// of an account name (known or not) or of a source address makes the next attempt wait longer, doubling up to
/// <see cref="MaxDelay"/>, and after <see cref="AccountLockAfter"/> failures the name is locked for
/// <see cref="LockDuration"/>. Failures older than <see cref="ForgetAfter"/> are forgotten.
/// </summary>
internal sealed record SignInThrottleOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Vexil:SignInThrottle";

    /// <summary>Failures of one account name answered without delay.</summary>
    [Range(1, 1000)]
    public int AccountFreeFailures { get; init; } = 5;

    /// <summary>Failures of one account name after which it is locked.</summary>
    [Range(2, 10_000)]
    public int AccountLockAfter { get; init; } = 20;

    /// <summary>Failures from one source address answered without delay (many people may share one address).</summary>
    [Range(1, 10_000)]
    public int AddressFreeFailures { get; init; } = 20;

    /// <summary>Failures from one source address after which it is locked.</summary>
    [Range(2, 100_000)]
    public int AddressLockAfter { get; init; } = 100;

    /// <summary>The wait after the first failure past the free ones; doubled for each further failure.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait before the lock.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a lock lasts.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LockDuration { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Failures are forgotten when none came for this long (and no lock or wait is running).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan ForgetAfter { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long the next attempt must wait after <paramref name="failures"/> failures with <paramref name="free"/> free ones; zero while free.</summary>
    public TimeSpan DelayAfter(long failures, int free)
    {
        if (failures <= free)
        {
            return TimeSpan.Zero;
        }

        var doublings = Math.Min(failures - free - 1, 30);
        var delay = BaseDelay * Math.Pow(2, doublings);
        return delay < MaxDelay ? delay : MaxDelay;
    }
}
