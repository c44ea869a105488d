using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vexil.Server.Tests.Dashboard;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Auth;

/// <summary>
/// Sign-in resists guessing: waits that grow per account name and per address, then a lock; every failure audited;
/// names that exist and names that do not are throttled alike. On a clock the test moves (defaults: 5 free failures,
/// 1 s doubling, lock at 20 for 15 min; 20 free and lock at 100 per address).
/// </summary>
public sealed class SignInThrottleTests
{
    [Fact(Timeout = 120_000)]
    public async Task OneHundredThirtyWrongPasswords_ThenTheRightOne_IsRefusedWhileLocked_AndAcceptedAfter()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await VexilTestServer.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        using var client = server.Client();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 130; i++)
        {
            using var wrong = await LoginAsync(client, "admin", "wrong-password-" + i);
            statuses.Add(wrong.StatusCode);
        }

        Assert.All(statuses.Take(6), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.All(statuses.Skip(6), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));

        using (var right = await LoginAsync(client, "admin", VexilTestServer.AdminPassword))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
            Assert.Equal("application/problem+json", right.Content.Headers.ContentType?.MediaType);
            var retryAfter = right.Headers.RetryAfter!.Delta!.Value;
            Assert.InRange(retryAfter, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        }

        clock.Advance(TimeSpan.FromMinutes(14));
        using (var stillLocked = await LoginAsync(client, "admin", VexilTestServer.AdminPassword))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, stillLocked.StatusCode);
        }

        clock.Advance(TimeSpan.FromMinutes(2));
        using (var after = await LoginAsync(client, "admin", VexilTestServer.AdminPassword))
        {
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        }

        // Every failure is in the audit log (the refused right password too, while locked).
        using var admin = await server.AdminAsync();
        var failures = await AuditFailuresAsync(admin, "admin");
        Assert.Equal(132, failures.Count);
        Assert.Equal(6, failures.Count(f => !f.GetProperty("wasBlocked").GetBoolean()));
        Assert.Single(failures, f => f.GetProperty("accountLocked").GetBoolean());
        Assert.Single(failures, f => f.GetProperty("addressLocked").GetBoolean());
    }

    [Fact(Timeout = 120_000)]
    public async Task Waits_GrowPerFailure_AndEndWhenTheClockPassesThem()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await VexilTestServer.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        using var client = server.Client();
        for (var i = 0; i < 6; i++)
        {
            using var wrong = await LoginAsync(client, "admin", "wrong");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        // The sixth failure asks for 1 s; an attempt inside it is refused unchecked and doubles the wait.
        using (var early = await LoginAsync(client, "admin", VexilTestServer.AdminPassword))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, early.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(2), early.Headers.RetryAfter!.Delta);
        }

        using (var later = await LoginAsync(client, "admin", "wrong"))
        {
            Assert.Equal(TimeSpan.FromSeconds(4), later.Headers.RetryAfter!.Delta);
        }

        // Another name from the same address is not held up by this name's waits (the address has had 8 of its 20 free failures).
        using (var other = await LoginAsync(client, "someone-else", "wrong"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
        }

        clock.Advance(TimeSpan.FromSeconds(4));
        using var right = await LoginAsync(client, "admin", VexilTestServer.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);

        // Success forgets the name's failures: five more are free again.
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await LoginAsync(client, "admin", "wrong");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task AnAccountThatDoesNotExist_IsThrottledExactlyLikeOneThatDoes()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await VexilTestServer.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        using var client = server.Client();

        var known = await AttemptsAsync(client, "admin");
        clock.Advance(TimeSpan.FromHours(2)); // past the locks and the forgetting of the address's failures
        var unknown = await AttemptsAsync(client, "no-such-account");

        Assert.Equal(known, unknown);
        Assert.Contains("429", known, StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromHours(2)); // the address's own waits (25 failures) have ended too
        using var admin = server.Client(await VexilTestServer.LoginAsync(server.Address, "admin", VexilTestServer.AdminPassword));
        Assert.Equal(25, (await AuditFailuresAsync(admin, "no-such-account")).Count);
    }

    [Fact(Timeout = 120_000)]
    public async Task TheDashboardSignIn_IsThrottledByTheSameCounts()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await VexilTestServer.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        using var client = server.Client();
        for (var i = 0; i < 6; i++)
        {
            using var wrong = await LoginAsync(client, "admin", "wrong");
        }

        using var page = Session.Anonymous(server.Address);
        using var response = await page.SendAsync(HttpMethod.Post, "/signin", $"username=admin&password={Uri.EscapeDataString(VexilTestServer.AdminPassword)}&returnUrl=%2F", withToken: true);
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Contains("Too many failed sign-ins", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("vexil_session=", StringComparison.Ordinal)));
    }

    [Fact(Timeout = 60_000)]
    public async Task AHugeName_IsCountedWhole_ButAuditedCutShort()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var client = server.Client();
        var huge = new string('n', 20_000);
        using (var wrong = await LoginAsync(client, huge, "wrong"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var admin = await server.AdminAsync();
        var failure = Assert.Single(await AuditFailuresAsync(admin, new string('n', 100) + "…"));
        Assert.Equal(101, failure.GetProperty("username").GetString()!.Length);
    }

    /// <summary>25 wrong passwords for <paramref name="username"/>: each status and Retry-After.</summary>
    private static async Task<string> AttemptsAsync(HttpClient client, string username)
    {
        var seen = new List<string>();
        for (var i = 0; i < 25; i++)
        {
            using var response = await LoginAsync(client, username, "wrong-" + i);
            seen.Add($"{(int)response.StatusCode}/{response.Headers.RetryAfter?.Delta?.TotalSeconds}");
        }

        return string.Join(' ', seen);
    }

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string username, string password) =>
        client.PostAsJsonAsync("/api/v1/auth/login", new { username, password }, TestContext.Current.CancellationToken);

    private static async Task<List<JsonElement>> AuditFailuresAsync(HttpClient admin, string username)
    {
        var page = await admin.GetFromJsonAsync<JsonElement>("/api/v1/audit?limit=500", TestContext.Current.CancellationToken);
        return page.GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("action").GetString() == "auth.sign-in-failed" && e.GetProperty("resource").GetString() == $"accounts/{username}")
            .Select(e => e.GetProperty("after"))
            .ToList();
    }
}
