using System.Net;
using System.Security.Cryptography;
using System.Text;
using Vexil.Server.Tests.Auth;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Delivery;

/// <summary><c>GET /sdk/v1/client-keys</c> on the control plane: what an edge learns about the client keys it may accept.</summary>
public sealed class ClientKeysApiTests
{
    [Fact(Timeout = 60_000)]
    public async Task ServerKey_GetsTheHashesOriginsAndExpiryOfItsEnvironmentsActiveClientKeys_NeverTheKeys()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        var keys = $"/api/v1/projects/{project}/environments/production/sdk-keys";
        var serverKey = await AuthorizationMatrixTests.SdkKeyAsync(admin, project, "production", "server");
        using var first = await admin.SendAsync(HttpMethod.Post, keys, new { kind = "client", allowedOrigins = new[] { "https://app.example.com" } });
        var firstKey = (await first.JsonAsync()).GetProperty("key").GetString()!;
        using var second = await SdkKeyRotation.RotateNewestAsync(admin, keys, "client", 600);
        var secondBody = await second.JsonAsync();
        var secondKey = secondBody.GetProperty("key").GetString()!;
        var otherEnvironment = await AuthorizationMatrixTests.SdkKeyAsync(admin, project, "staging", "client");
        using var client = server.Client(serverKey);

        using var response = await client.GetAsync("/sdk/v1/client-keys", TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var listed = System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("keys").EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(firstKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(secondKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Hash(otherEnvironment), text, StringComparison.Ordinal);
        var old = listed.Single(k => k.GetProperty("hash").GetString() == Hash(firstKey));
        var current = listed.Single(k => k.GetProperty("hash").GetString() == Hash(secondKey));
        Assert.Equal("https://app.example.com", old.GetProperty("allowedOrigins")[0].GetString());
        Assert.Equal("https://app.example.com", current.GetProperty("allowedOrigins")[0].GetString()); // kept on rotation
        Assert.True(old.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, current.GetProperty("expiresAt").ValueKind);

        using var same = new HttpRequestMessage(HttpMethod.Get, "/sdk/v1/client-keys");
        same.Headers.TryAddWithoutValidation("If-None-Match", response.Headers.ETag!.Tag);
        using var notModified = await client.SendAsync(same, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        var secondId = secondBody.GetProperty("id").GetInt64();
        (await admin.SendAsync(HttpMethod.Post, $"{keys}/{secondId}/revoke")).EnsureSuccessStatusCode();
        using var again = new HttpRequestMessage(HttpMethod.Get, "/sdk/v1/client-keys");
        again.Headers.TryAddWithoutValidation("If-None-Match", response.Headers.ETag!.Tag);
        using var afterRevoke = await client.SendAsync(again, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, afterRevoke.StatusCode);
        Assert.DoesNotContain(Hash(secondKey), await afterRevoke.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        using var asClient = server.Client(firstKey);
        using var refused = await asClient.GetAsync("/sdk/v1/client-keys", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
