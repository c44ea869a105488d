using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vexil.Server.Auth;
using Vexil.Server.Storage;
using Vexil.Server.Storage.Sqlite;
using Vexil.Server.Tests.Storage;

namespace Vexil.Server.Tests.Auth;

/// <summary>
/// The handler with its SDK key cache over a real SQLite store: a cached key is still refused the moment it expires
/// or is revoked (the cache keeps lookups 5 s, never a key's validity).
/// </summary>
public sealed class VexilAuthenticationHandlerTests : IAsyncLifetime
{
    private const string OldSecret = "vx_cli_old-secret-of-the-test";
    private const string NewSecret = "vx_cli_new-secret-of-the-test";

    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-24T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "vexil-auth-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().AddProblemDetails().BuildServiceProvider();
    private SqliteDatabase _database = null!;
    private StoreHarness _store = null!;
    private SdkKeyCache _cache = null!;
    private long _environment;
    private long _old;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _database = new SqliteDatabase(Path.Combine(_directory, "v.db"), _time, new EnvironmentVersionTracker(), new StoreMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        _store = new StoreHarness(_database);
        await _store.MigrateAsync(TestContext.Current.CancellationToken);
        await _store.CreateProjectAsync("p", "P", StoreSamples.Alice, TestContext.Current.CancellationToken);
        _environment = (await _store.Environments.GetAsync("p", "production", TestContext.Current.CancellationToken))!.Id;
        _cache = new SdkKeyCache(_store.Auth, _time);
        _old = (await _store.Auth.CreateSdkKeyAsync(_environment, SdkKeyKind.Client, null, SecretTokens.Hash(OldSecret), "old", [], StoreSamples.Alice, TestContext.Current.CancellationToken)).Value!.Id;
    }

    public async ValueTask DisposeAsync()
    {
        _database.Dispose();
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact(Timeout = 30_000)]
    public async Task CachedKey_IsRefusedOnceItExpires_WithinTheCacheLifetime()
    {
        // Rotating with a 2 s overlap: the old key works until then.
        await _store.Auth.RotateSdkKeyAsync(_environment, _old, SecretTokens.Hash(NewSecret), "new", TimeSpan.FromSeconds(2), null, StoreSamples.Alice, TestContext.Current.CancellationToken);
        var first = await AuthenticateAsync("Bearer " + OldSecret);
        Assert.True(first.Succeeded);
        Assert.Equal(SdkKeyKind.Client, first.Principal!.FindFirstValue(VexilClaims.Kind));
        Assert.Equal(_environment, first.Principal.EnvironmentOf());

        _time.Advance(TimeSpan.FromSeconds(3)); // past the expiry, within the 5 s the lookup is kept
        var expired = await AuthenticateAsync("Bearer " + OldSecret);

        Assert.False(expired.Succeeded);
        Assert.Contains("expired", expired.Failure!.Message, StringComparison.Ordinal);
        Assert.True((await AuthenticateAsync("Bearer " + NewSecret)).Succeeded);
    }

    [Fact(Timeout = 30_000)]
    public async Task RevokedKey_IsRefusedAtOnce_WhenTheCacheIsCleared()
    {
        Assert.True((await AuthenticateAsync("Bearer " + OldSecret)).Succeeded);
        var key = (await _store.Auth.FindSdkKeyAsync(SecretTokens.Hash(OldSecret), TestContext.Current.CancellationToken))!;

        await _store.Auth.RevokeSdkKeyAsync(_environment, key.Id, StoreSamples.Alice, TestContext.Current.CancellationToken);
        Assert.True((await AuthenticateAsync("Bearer " + OldSecret)).Succeeded); // still the cached lookup
        _cache.Clear(); // what the API and the dashboard do after a revocation

        Assert.False((await AuthenticateAsync("Bearer " + OldSecret)).Succeeded);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("Bearer vx_cli_no-such-key", "Unknown, revoked or expired SDK key.")]
    [InlineData("Basic dXNlcjpwYXNz", "Only bearer credentials are accepted.")]
    [InlineData("Bearer something-else", "Unrecognised credential.")]
    public async Task BadCredentials_FailWithTheReason(string authorization, string reason)
    {
        var result = await AuthenticateAsync(authorization);

        Assert.False(result.Succeeded);
        Assert.Equal(reason, result.Failure!.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task NoCredential_IsNoResult_AndTheResultIsComputedOncePerRequest()
    {
        var (handler, _) = await HandlerAsync(null);
        var none = await handler.AuthenticateAsync();
        Assert.True(none.None);

        var (keyed, _) = await HandlerAsync("Bearer " + OldSecret);
        Assert.Same(await keyed.AuthenticateAsync(), await keyed.AuthenticateAsync());
    }

    [Fact(Timeout = 30_000)]
    public async Task Challenge_AnswersProblemDetails401WithBearer()
    {
        var (handler, context) = await HandlerAsync(null);

        await handler.ChallengeAsync(null);

        Assert.Equal(StatusCodes.Status401Unauthorized, context.Response.StatusCode);
        Assert.Equal("Bearer", context.Response.Headers.WWWAuthenticate.ToString());
    }

    private async Task<AuthenticateResult> AuthenticateAsync(string authorization) => await (await HandlerAsync(authorization)).Handler.AuthenticateAsync();

    private async Task<(VexilAuthenticationHandler Handler, DefaultHttpContext Context)> HandlerAsync(string? authorization)
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        var handler = new VexilAuthenticationHandler(_store.Auth, _cache, _time, _services.GetRequiredService<IProblemDetailsService>());
        await handler.InitializeAsync(new AuthenticationScheme(VexilAuthenticationHandler.SchemeName, null, typeof(VexilAuthenticationHandler)), context);
        return (handler, context);
    }
}
