using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Vexil.Server.Storage;
using Vexil.Server.Storage.Sqlite;
using Vexil.Server.Tests.Storage;
using Vexil.Server.Webhooks;

namespace Vexil.Server.Tests.Webhooks;

public sealed class ControlPlaneWebhookSubscriptionsTests : IDisposable
{
    private static readonly WriteContext Admin = new("user:admin", null, null);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vexil-whsubs-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly SqliteDatabase _database;
    private readonly StoreHarness _store;

    public ControlPlaneWebhookSubscriptionsTests()
    {
        Directory.CreateDirectory(_dir);
        _database = new SqliteDatabase(Path.Combine(_dir, "vexil.db"), new FakeTimeProvider(), new EnvironmentVersionTracker());
        _store = new StoreHarness(_database);
    }

    [Fact(Timeout = 30_000)]
    public async Task Find_UnsealsTheSecret_ForProject_MatchesWithoutIt_AndAForeignKeyFailsOnlyAtSendTime()
    {
        var ct = TestContext.Current.CancellationToken;
        await _store.MigrateAsync(ct);
        await _store.CreateProjectAsync("shop", "Shop", Admin, ct);
        var key = RandomNumberGenerator.GetBytes(32);
        var protector = new WebhookSecretProtector(key);
        await _store.Webhooks.CreateWebhookAsync("shop", "wh_1", new WebhookData("https://hooks.example.com/a", ["flag.*"], "production", null), protector.Protect("wh_1", "vx_whsec_s"), "vx_whsec_s…", Admin, ct);

        var subscriptions = new ControlPlaneWebhookSubscriptions(_store.Webhooks, protector);
        var found = (await subscriptions.FindAsync("wh_1", ct))!;
        var listed = Assert.Single(await subscriptions.ForProjectAsync("shop", ct));

        Assert.Equal(("vx_whsec_s", "shop", "https://hooks.example.com/a"), (found.Secret, found.Project, found.Url.ToString()));
        Assert.True(listed.Matches("flag.toggled", "production"));
        Assert.False(listed.Matches("flag.toggled", "staging"));
        Assert.False(listed.Matches("segment.created", "production"));
        Assert.Null(await subscriptions.FindAsync("wh_gone", ct));
        Assert.Empty(await subscriptions.ForProjectAsync("other", ct));

        var foreign = new ControlPlaneWebhookSubscriptions(_store.Webhooks, new WebhookSecretProtector(RandomNumberGenerator.GetBytes(32)));
        Assert.Single(await foreign.ForProjectAsync("shop", ct));
        await Assert.ThrowsAnyAsync<CryptographicException>(async () => await foreign.FindAsync("wh_1", ct));
    }

    [Fact(Timeout = 30_000)]
    public async Task ADisabledWebhook_IsNotAddressed_AndItsQueuedDeliveriesFindNothing_UntilEnabledAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        await _store.MigrateAsync(ct);
        await _store.CreateProjectAsync("shop", "Shop", Admin, ct);
        var protector = new WebhookSecretProtector(RandomNumberGenerator.GetBytes(32));
        var data = new WebhookData("https://hooks.example.com/a", ["flag.*"], null, null);
        await _store.Webhooks.CreateWebhookAsync("shop", "wh_on", data, protector.Protect("wh_on", "s1"), "h", Admin, ct);
        var off = await _store.Webhooks.CreateWebhookAsync("shop", "wh_off", data with { Enabled = false }, protector.Protect("wh_off", "s2"), "h", Admin, ct);
        var subscriptions = new ControlPlaneWebhookSubscriptions(_store.Webhooks, protector);

        Assert.Equal("wh_on", Assert.Single(await subscriptions.ForProjectAsync("shop", ct)).Id);
        Assert.Null(await subscriptions.FindAsync("wh_off", ct));

        var on = await _store.Webhooks.UpdateWebhookAsync("shop", "wh_off", data, true, new Precondition(off.Value!.ETag), Admin, ct);
        Assert.Equal(WriteStatus.Ok, on.Status);
        Assert.Equal(["wh_off", "wh_on"], (await subscriptions.ForProjectAsync("shop", ct)).Select(s => s.Id).Order(StringComparer.Ordinal));
        Assert.Equal("s2", (await subscriptions.FindAsync("wh_off", ct))!.Secret); // the secret survived being off
    }

    public void Dispose()
    {
        _database.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
