using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Configuration;
using Vexil.Server.Tests.Auth;
using Vexil.Server.Tests.Infrastructure;
using Vexil.Server.Tests.Ofrep;

namespace Vexil.Server.Tests.Delivery;

/// <summary>
/// Revoking or expiring an SDK key ends the streams already open with it (issue #18, item 1): <c>/sdk/v1/stream</c> and
/// <c>/ofrep/v1/events</c> (by key header or stream token), on the replica that revoked it at once, on every other
/// replica and on expiry within <c>Vexil:Delivery:KeyCheckInterval</c>, with no write needed.
/// </summary>
public sealed class KeyRevocationStreamTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private static readonly Dictionary<string, string?> QuickChecks = new() { ["Vexil:Delivery:KeyCheckInterval"] = "00:00:00.500" };

    [Fact(Timeout = 60_000)]
    public async Task RevokedKeys_TheirOpenStreamsEnd_AndGetNoChangeAfterwards_OtherKeysStreamsGoOn()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        var setup = await DeliverySetup.CreateAsync(admin);
        var keys = $"/api/v1/projects/{setup.Project}/environments/production/sdk-keys";
        var other = await AuthorizationMatrixTests.SdkKeyAsync(admin, setup.Project, "staging", "server");
        var (client, clientId) = await CreateKeyAsync(admin, keys, "client");
        var serverId = await KeyIdAsync(admin, keys, setup.ServerKey);

        await using var sdk = await SseTestClient.ConnectAsync(server.Address, setup.ServerKey);
        await using var unrelated = await SseTestClient.ConnectAsync(server.Address, other);
        await using var ofrepByHeader = await OfrepEventsTests.RawStream.OpenAsync(server.Client(setup.ServerKey), "/ofrep/v1/events");
        await using var ofrepByToken = await OfrepEventsTests.RawStream.OpenAsync(server.Client(), await OfrepEventsTests.StreamUriAsync(server.Client(client)));
        Assert.Equal("ruleset", (await sdk.NextAsync()).Type);
        Assert.Equal("ruleset", (await unrelated.NextAsync()).Type);
        await ofrepByHeader.UntilAsync(t => t.Contains("retry: ", StringComparison.Ordinal));
        await ofrepByToken.UntilAsync(t => t.Contains("retry: ", StringComparison.Ordinal));

        (await admin.SendAsync(HttpMethod.Post, $"{keys}/{serverId}/revoke")).EnsureSuccessStatusCode();
        (await admin.SendAsync(HttpMethod.Post, $"{keys}/{clientId}/revoke")).EnsureSuccessStatusCode();
        var after = await setup.ToggleAsync(admin, "f", true);

        var late = await sdk.EndAsync(Bound);
        Assert.DoesNotContain(late, e => e.Type == "change" && e.Version >= after);
        Assert.DoesNotContain("refetchEvaluation", await ofrepByHeader.EndAsync(Bound), StringComparison.Ordinal);
        Assert.DoesNotContain("refetchEvaluation", await ofrepByToken.EndAsync(Bound), StringComparison.Ordinal);
        using (var retry = SseTestClient.Request(setup.ServerKey))
        using (var http = server.Client())
        using (var refused = await http.SendAsync(retry, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        // The other environment's stream was not touched.
        Assert.False(unrelated.Ended);
        await setup.ToggleAsync(admin, "f", false);
        var staging = await admin.SendAsync(HttpMethod.Put, $"/api/v1/projects/{setup.Project}/environments/staging/flags/f/enabled", new { enabled = true }, "*");
        staging.EnsureSuccessStatusCode();
        Assert.Equal("change", (await unrelated.NextAsync()).Type);
    }

    [Fact(Timeout = 60_000)]
    public async Task RotatedOutKey_ItsStreamsEndWhenTheOverlapEnds_WithNoWrite()
    {
        await using var server = await VexilTestServer.StartAsync(configure: b => b.Configuration.AddInMemoryCollection(QuickChecks));
        using var admin = await server.AdminAsync();
        var setup = await DeliverySetup.CreateAsync(admin);
        var keys = $"/api/v1/projects/{setup.Project}/environments/production/sdk-keys";
        await using var sdk = await SseTestClient.ConnectAsync(server.Address, setup.ServerKey);
        await using var ofrep = await OfrepEventsTests.RawStream.OpenAsync(server.Client(setup.ServerKey), "/ofrep/v1/events");
        Assert.Equal("ruleset", (await sdk.NextAsync()).Type);

        var rotated = Stopwatch.StartNew();
        (await SdkKeyRotation.RotateNewestAsync(admin, keys, "server", 3)).EnsureSuccessStatusCode();

        await sdk.EndAsync(TimeSpan.FromSeconds(3) + Bound);
        await ofrep.EndAsync(Bound);
        Assert.True(rotated.Elapsed >= TimeSpan.FromSeconds(2.9), $"the stream ended {rotated.Elapsed.TotalSeconds:F1} s after the rotation, before its 3 s overlap");
    }

    private static async Task<(string Key, long Id)> CreateKeyAsync(HttpClient admin, string keys, string kind)
    {
        using var response = await admin.SendAsync(HttpMethod.Post, keys, new { kind });
        response.EnsureSuccessStatusCode();
        var body = await response.JsonAsync();
        return (body.GetProperty("key").GetString()!, body.GetProperty("id").GetInt64());
    }

    /// <summary>The id of the active key whose hint (its first characters) the secret starts with.</summary>
    internal static async Task<long> KeyIdAsync(HttpClient admin, string keys, string secret)
    {
        using var response = await admin.SendAsync(HttpMethod.Get, keys);
        var listed = (await response.JsonAsync()).EnumerateArray()
            .Where(k => k.GetProperty("active").GetBoolean() && secret.StartsWith(k.GetProperty("hint").GetString()!.TrimEnd('…'), StringComparison.Ordinal))
            .ToList();
        return Assert.Single(listed).GetProperty("id").GetInt64();
    }
}

/// <summary>The same with two replicas on one PostgreSQL: a revocation through one ends the streams on the other.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ReplicaKeyRevocationTests(PostgresFixture postgres)
{
    [Fact(Timeout = 90_000)]
    public async Task KeyRevokedThroughOneReplica_EndsItsStreamsOnTheOther_WithinTheCheckInterval()
    {
        var settings = new Dictionary<string, string?> { ["Vexil:Delivery:KeyCheckInterval"] = "00:00:01" };
        var database = await postgres.CreateDatabaseAsync();
        await using var a = await VexilTestServer.StartAsync(database, b => b.Configuration.AddInMemoryCollection(settings));
        await using var b = await VexilTestServer.StartAsync(database, b => b.Configuration.AddInMemoryCollection(settings));
        using var adminA = await a.AdminAsync();
        var setup = await DeliverySetup.CreateAsync(adminA);
        var keys = $"/api/v1/projects/{setup.Project}/environments/production/sdk-keys";
        var id = await KeyRevocationStreamTests.KeyIdAsync(adminA, keys, setup.ServerKey);
        await using var onB = await SseTestClient.ConnectAsync(b.Address, setup.ServerKey);
        await using var ofrepOnB = await OfrepEventsTests.RawStream.OpenAsync(b.Client(setup.ServerKey), "/ofrep/v1/events");
        Assert.Equal("ruleset", (await onB.NextAsync()).Type);

        var revoked = Stopwatch.StartNew();
        (await adminA.SendAsync(HttpMethod.Post, $"{keys}/{id}/revoke")).EnsureSuccessStatusCode();

        await onB.EndAsync(TimeSpan.FromSeconds(8));
        await ofrepOnB.EndAsync(TimeSpan.FromSeconds(8));
        TestContext.Current.TestOutputHelper?.WriteLine($"streams on the other replica ended {revoked.ElapsedMilliseconds} ms after the revocation");
    }
}
