using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Vexil.Server.Tests.Infrastructure;

/// <summary>Small helpers for talking JSON to the admin API.</summary>
public static class Http
{
    public static async Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string path, object? body = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is string raw)
        {
            request.Content = new StringContent(raw, Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

    public static string ETag(this HttpResponseMessage response) => response.Headers.ETag!.ToString();

    /// <summary>The scrape token the test servers are started with (<c>Vexil:Metrics:Token</c>): /metrics is not anonymous.</summary>
    public const string ScrapeToken = "test-scrape-token-0123456789abcdef";

    /// <summary><c>/metrics</c> of the server at <paramref name="server"/>, with the tests' scrape token.</summary>
    public static async Task<string> ScrapeAsync(Uri server)
    {
        using var http = new HttpClient { BaseAddress = server };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ScrapeToken);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    /// <summary><c>/metrics</c> of the server this client talks to, with the tests' scrape token.</summary>
    public static Task<string> ScrapeAsync(this HttpClient client) => ScrapeAsync(client.BaseAddress!);

    public static object BooleanFlag(string key, params string[] tags) => new
    {
        key,
        type = "boolean",
        name = $"Flag {key}",
        tags,
        variations = new object[] { new { key = "on", value = true }, new { key = "off", value = false } },
    };

    /// <summary>Creates a project (unique key) and returns its key.</summary>
    public static async Task<string> CreateProjectAsync(this HttpClient client, string? key = null)
    {
        key ??= "p-" + Guid.NewGuid().ToString("N")[..8];
        using var response = await client.SendAsync(HttpMethod.Post, "/api/v1/projects", new { key, name = "Project " + key });
        response.EnsureSuccessStatusCode();
        return key;
    }

    public static async Task CreateFlagAsync(this HttpClient client, string project, string key, params string[] tags)
    {
        using var response = await client.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/flags", BooleanFlag(key, tags));
        response.EnsureSuccessStatusCode();
    }
}
