using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Vexil.OfrepBench;

/// <summary>Seeds vexil through its admin API: a project, a targeted flag and 100 more, and a client key.</summary>
internal static class Seeder
{
    public const string Context = """{"context":{"targetingKey":"user-42","email":"ann@example.com","plan":"pro"}}""";

    /// <summary>Returns the environment's client key (for OFREP) and server key (for an edge).</summary>
    public static async Task<(string ClientKey, string ServerKey)> SeedAsync(Uri vexil, string password)
    {
        using var client = new HttpClient { BaseAddress = vexil, Timeout = TimeSpan.FromSeconds(60) };
        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { username = "admin", password });
        login.EnsureSuccessStatusCode();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
        (await client.PostAsJsonAsync("/api/v1/projects", new { key = "bench", name = "Bench" })).EnsureSuccessStatusCode();
        var keys = new List<string> { "single" };
        keys.AddRange(Enumerable.Range(0, 100).Select(i => "bulk-" + i.ToString("000", CultureInfo.InvariantCulture)));
        foreach (var key in keys)
        {
            var definition = new { key, type = "boolean", name = key, variations = new object[] { new { key = "on", value = true }, new { key = "off", value = false } } };
            (await client.PostAsJsonAsync("/api/v1/projects/bench/flags", definition)).EnsureSuccessStatusCode();
            var config = new
            {
                enabled = true,
                offVariation = "off",
                rules = new object[]
                {
                    new { id = "staff", clauses = new object[] { new { attribute = "email", @operator = "endsWith", values = new[] { "@example.com" } }, new { attribute = "plan", @operator = "in", values = new[] { "pro", "team" } } }, serve = new { variation = "on" } },
                },
                fallthrough = new { rollout = new { weights = new object[] { new { variation = "on", weight = 50_000 }, new { variation = "off", weight = 50_000 } } } },
            };
            using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/projects/bench/environments/production/flags/{key}") { Content = JsonContent.Create(config) };
            request.Headers.TryAddWithoutValidation("If-Match", "*");
            (await client.SendAsync(request)).EnsureSuccessStatusCode();
        }

        return (await CreateKeyAsync(client, "client"), await CreateKeyAsync(client, "server"));
    }

    /// <summary>Waits until <paramref name="node"/> answers OFREP for <paramref name="key"/> (an edge learns client keys from its upstream).</summary>
    public static async Task WaitForOfrepAsync(Uri node, string key)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            using var client = new HttpClient { BaseAddress = node };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/ofrep/v1/evaluate/flags/single") { Content = new StringContent(Context, System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            using var response = await client.SendAsync(request);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{node} never answered OFREP for the client key");
    }

    private static async Task<string> CreateKeyAsync(HttpClient client, string kind)
    {
        using var sdkKey = await client.PostAsJsonAsync("/api/v1/projects/bench/environments/production/sdk-keys", new { kind });
        sdkKey.EnsureSuccessStatusCode();
        return (await sdkKey.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    /// <summary>What vexil answers to one request: the bytes the baseline will answer.</summary>
    public static async Task<byte[]> AnswerAsync(Uri vexil, string path, string key)
    {
        using var client = new HttpClient { BaseAddress = vexil };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(Context, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }
}
