using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Vexil.Testing;

namespace Vexil.Dashboard.BrowserTests.Infrastructure;

/// <summary>The admin API for what a test sets up or checks behind the browser's back.</summary>
public sealed class Admin : IDisposable
{
    private readonly HttpClient _client;

    private Admin(HttpClient client, AdminApi api)
    {
        _client = client;
        Api = api;
    }

    public AdminApi Api { get; }

    public static async Task<Admin> SignInAsync(Uri address)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { username = "admin", password = VexilServerProcess.AdminPassword }, ct);
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new Admin(client, await AdminApi.SignInAsync(address, ct));
    }

    /// <summary>Creates an account (viewer, editor, administrator) with a unique name; returns the name.</summary>
    public async Task<string> CreateAccountAsync(string role, string password)
    {
        var username = role + "-" + Guid.NewGuid().ToString("N")[..6];
        using var response = await _client.PostAsJsonAsync("/api/v1/accounts", new { username, password, role }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return username;
    }

    public async Task<JsonElement> GetAsync(string path)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    public async Task PostAsync(string path, object body)
    {
        using var response = await _client.PostAsJsonAsync(path, body, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Turns a flag on or off in an environment through the API (If-Match: *); returns the status, success or not.</summary>
    public async Task<System.Net.HttpStatusCode> TrySetEnabledAsync(string project, string environment, string flag, bool enabled)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/projects/{project}/environments/{environment}/flags/{flag}/enabled")
        {
            Content = JsonContent.Create(new { enabled }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "*");
        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    /// <summary>Sends evaluation summaries as an SDK would (POST /events/v1/bulk with a server key).</summary>
    public async Task SendSummariesAsync(string serverKey, object[] summaries)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/events/v1/bulk")
        {
            Content = JsonContent.Create(new { id = "b-" + Guid.NewGuid().ToString("N"), summaries }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", serverKey);
        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    public void Dispose()
    {
        _client.Dispose();
        Api.Dispose();
    }
}
