using System.Text.Json;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Backup;

/// <summary>
/// What a backup must keep: a project with flags, a toggled and reconfigured flag, a segment, and server keys for two
/// environments. <see cref="CaptureAsync"/> reads each environment's ruleset through its key, as an SDK would.
/// </summary>
public sealed record BackupScenario(string Project, IReadOnlyDictionary<string, string> ServerKeys)
{
    public static async Task<BackupScenario> CreateAsync(HttpClient admin)
    {
        var project = await admin.CreateProjectAsync();
        foreach (var flag in new[] { "checkout", "search", "banner" })
        {
            await admin.CreateFlagAsync(project, flag, "team-a");
        }

        var production = $"/api/v1/projects/{project}/environments/production";
        (await admin.SendAsync(HttpMethod.Post, $"{production}/segments", new { key = "beta", included = new[] { "user-1", "user-2" } })).EnsureSuccessStatusCode();
        (await admin.SendAsync(HttpMethod.Put, $"{production}/flags/checkout/enabled", new { enabled = true }, "*")).EnsureSuccessStatusCode();
        (await admin.SendAsync(HttpMethod.Put, $"/api/v1/projects/{project}/environments/staging/flags/search/enabled", new { enabled = true }, "*")).EnsureSuccessStatusCode();
        (await admin.SendAsync(HttpMethod.Put, $"{production}/flags/banner/enabled", new { enabled = true }, "*")).EnsureSuccessStatusCode();

        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var environment in new[] { "production", "staging" })
        {
            using var response = await admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/environments/{environment}/sdk-keys", new { kind = "server" });
            response.EnsureSuccessStatusCode();
            keys[environment] = (await response.JsonAsync()).GetProperty("key").GetString()!;
        }

        return new BackupScenario(project, keys);
    }

    /// <summary>Each environment's <c>/sdk/v1/ruleset</c> body and ETag, fetched with its server key.</summary>
    public async Task<IReadOnlyDictionary<string, (string ETag, string Body)>> CaptureAsync(Uri server)
    {
        var captured = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var (environment, key) in ServerKeys)
        {
            using var http = new HttpClient { BaseAddress = server };
            using var request = new HttpRequestMessage(HttpMethod.Get, "/sdk/v1/ruleset");
            request.Headers.Authorization = new("Bearer", key);
            using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
            response.EnsureSuccessStatusCode();
            captured[environment] = (response.ETag(), await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        return captured;
    }

    /// <summary>Asserts the restored server serves what the original served, signs the admin in, and continues the versions.</summary>
    public async Task AssertRestoredAsync(IReadOnlyDictionary<string, (string ETag, string Body)> before, VexilTestServer restored)
    {
        var after = await CaptureAsync(restored.Address);
        foreach (var (environment, (etag, body)) in before)
        {
            Assert.Equal(etag, after[environment].ETag);
            Assert.Equal(body, after[environment].Body);
        }

        var production = JsonDocument.Parse(before["production"].Body).RootElement;
        Assert.Equal(3, production.GetProperty("flags").GetArrayLength());
        Assert.Equal("beta", production.GetProperty("segments")[0].GetProperty("key").GetString());

        using var admin = await restored.AdminAsync();
        using var write = await admin.SendAsync(HttpMethod.Put, $"/api/v1/projects/{Project}/environments/production/flags/checkout/enabled", new { enabled = false }, "*");
        write.EnsureSuccessStatusCode();
        var version = (await write.JsonAsync()).GetProperty("versions").GetProperty("production").GetInt64();
        Assert.Equal(production.GetProperty("version").GetInt64() + 1, version);
    }
}
