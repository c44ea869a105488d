using System.Net;
using System.Text;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Ofrep;

/// <summary>CORS per client key on the control plane's OFREP, and the admin API that sets a client key's origins.</summary>
public sealed class OfrepCorsTests
{
    private const string App = "https://app.example.com";
    private const string Other = "https://other.example.com";
    private const string Body = """{"context":{"targetingKey":"u1"}}""";

    [Fact(Timeout = 60_000)]
    public async Task ClientKeyOrigins_AreValidated_Normalized_KeptOnRotation_AndReplaceable()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        var keys = $"/api/v1/projects/{project}/environments/production/sdk-keys";

        using var invalid = await admin.SendAsync(HttpMethod.Post, keys, new { kind = "client", allowedOrigins = new[] { "https://ok.example.com", "*", "https://x.example.com/path", "ftp://x.example.com", "https://u:p@x.example.com" } });
        using var onServerKey = await admin.SendAsync(HttpMethod.Post, keys, new { kind = "server", allowedOrigins = new[] { App } });
        using var created = await admin.SendAsync(HttpMethod.Post, keys, new { kind = "client", allowedOrigins = new[] { "HTTPS://App.Example.com:443/", "http://localhost:3000" } });
        using var rotated = await SdkKeyRotation.RotateNewestAsync(admin, keys, "client", 60);

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.JsonAsync()).GetProperty("errors");
        Assert.False(errors.TryGetProperty("allowedOrigins[0]", out _));
        Assert.True(errors.TryGetProperty("allowedOrigins[1]", out _));
        Assert.True(errors.TryGetProperty("allowedOrigins[2]", out _));
        Assert.True(errors.TryGetProperty("allowedOrigins[3]", out _));
        Assert.True(errors.TryGetProperty("allowedOrigins[4]", out _));
        Assert.Equal(HttpStatusCode.BadRequest, onServerKey.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal([App, "http://localhost:3000"], Origins(await created.JsonAsync()));
        var rotatedBody = await rotated.JsonAsync();
        Assert.Equal([App, "http://localhost:3000"], Origins(rotatedBody));

        var id = rotatedBody.GetProperty("id").GetInt64();
        using var updated = await admin.SendAsync(HttpMethod.Put, $"{keys}/{id}", new { allowedOrigins = new[] { Other } });
        using var badUpdate = await admin.SendAsync(HttpMethod.Put, $"{keys}/{id}", new { allowedOrigins = new[] { "https://*.example.com" } });
        using var missing = await admin.SendAsync(HttpMethod.Put, $"{keys}/999999", new { allowedOrigins = new[] { Other } });
        using var listed = await admin.SendAsync(HttpMethod.Get, keys);
        using var audit = await admin.SendAsync(HttpMethod.Get, "/api/v1/audit");

        Assert.Equal([Other], Origins(await updated.JsonAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, badUpdate.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal([Other], Origins((await listed.JsonAsync()).EnumerateArray().Single(k => k.GetProperty("id").GetInt64() == id)));
        Assert.Contains("sdkkey.origins", (await audit.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Preflight_IsAnsweredOnlyForOriginsSomeClientKeyAllows_AndActualAnswersOnlyForTheCallingKeysOrigins()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        await admin.CreateFlagAsync(project, "f");
        var appKey = await ClientKeyAsync(admin, project, "production", App);
        var otherKey = await ClientKeyAsync(admin, project, "staging", Other);
        var serverKey = await Auth.AuthorizationMatrixTests.SdkKeyAsync(admin, project, "production", "server");

        using var anonymous = server.Client();
        using var allowed = await PreflightAsync(anonymous, "/ofrep/v1/evaluate/flags", App);
        using var allowedOther = await PreflightAsync(anonymous, "/ofrep/v1/evaluate/flags/f", Other);
        using var unknown = await PreflightAsync(anonymous, "/ofrep/v1/evaluate/flags", "https://evil.example.com");

        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal(App, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", allowed.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        var allowHeaders = allowed.Headers.GetValues("Access-Control-Allow-Headers").Single();
        Assert.Contains("Authorization", allowHeaders, StringComparison.Ordinal);
        Assert.Contains("X-API-Key", allowHeaders, StringComparison.Ordinal);
        Assert.Contains("If-None-Match", allowHeaders, StringComparison.Ordinal);
        Assert.False(allowed.Headers.Contains("Access-Control-Allow-Credentials"));
        Assert.Equal(HttpStatusCode.NoContent, allowedOther.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, unknown.StatusCode);
        Assert.False(unknown.Headers.Contains("Access-Control-Allow-Origin"));

        using var own = await PostAsync(server.Client(appKey), "/ofrep/v1/evaluate/flags", App);
        using var foreign = await PostAsync(server.Client(otherKey), "/ofrep/v1/evaluate/flags", App);
        using var byServerKey = await PostAsync(server.Client(serverKey), "/ofrep/v1/evaluate/flags", App);
        using var noKey = await PostAsync(anonymous, "/ofrep/v1/evaluate/flags", App);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(App, own.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var exposed = own.Headers.GetValues("Access-Control-Expose-Headers").Single();
        Assert.Contains("ETag", exposed, StringComparison.Ordinal);
        Assert.Contains("Retry-After", exposed, StringComparison.Ordinal);
        Assert.Contains("Origin", own.Headers.Vary);
        Assert.Equal(HttpStatusCode.OK, foreign.StatusCode); // served (the key is valid), but a browser on App may not read it
        Assert.False(foreign.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(byServerKey.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.False(noKey.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact(Timeout = 60_000)]
    public async Task RevokedKeysOrigins_NoLongerPassThePreflight()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        var keys = $"/api/v1/projects/{project}/environments/production/sdk-keys";
        const string origin = "https://revoked.example.com";
        using var created = await admin.SendAsync(HttpMethod.Post, keys, new { kind = "client", allowedOrigins = new[] { origin } });
        var id = (await created.JsonAsync()).GetProperty("id").GetInt64();
        using var anonymous = server.Client();
        using (var before = await PreflightAsync(anonymous, "/ofrep/v1/evaluate/flags", origin))
        {
            Assert.Equal(HttpStatusCode.NoContent, before.StatusCode);
        }

        (await admin.SendAsync(HttpMethod.Post, $"{keys}/{id}/revoke")).EnsureSuccessStatusCode();

        for (var attempt = 0; ; attempt++)
        {
            using var after = await PreflightAsync(anonymous, "/ofrep/v1/evaluate/flags", origin);
            if (after.StatusCode == HttpStatusCode.Forbidden)
            {
                break;
            }

            Assert.True(attempt < 100, "the revoked key's origin still passed the preflight after 10 s");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    internal static async Task<string> ClientKeyAsync(HttpClient admin, string project, string environment, params string[] origins)
    {
        using var response = await admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/environments/{environment}/sdk-keys", new { kind = "client", allowedOrigins = origins });
        response.EnsureSuccessStatusCode();
        return (await response.JsonAsync()).GetProperty("key").GetString()!;
    }

    internal static async Task<HttpResponseMessage> PreflightAsync(HttpClient client, string path, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.TryAddWithoutValidation("Origin", origin);
        request.Headers.TryAddWithoutValidation("Access-Control-Request-Method", "POST");
        request.Headers.TryAddWithoutValidation("Access-Control-Request-Headers", "authorization, content-type");
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    internal static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(Body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Origin", origin);
        using (client)
        {
            return await client.SendAsync(request, TestContext.Current.CancellationToken);
        }
    }

    private static string[] Origins(System.Text.Json.JsonElement key) =>
        [.. key.GetProperty("allowedOrigins").EnumerateArray().Select(o => o.GetString()!)];
}
