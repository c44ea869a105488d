using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Vexil.Testing;

/// <summary>The admin API as a test uses it: an administrator's session and the few writes tests need.</summary>
public sealed class AdminApi : IDisposable
{
    private readonly HttpClient _client;

    private AdminApi(HttpClient client) => _client = client;

    /// <summary>Signs in as the test administrator.</summary>
    public static async Task<AdminApi> SignInAsync(Uri address, CancellationToken cancellationToken)
    {
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { username = "admin", password = VexilServerProcess.AdminPassword }, cancellationToken);
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new AdminApi(client);
    }

    /// <summary>Creates a project with a unique key; returns the key.</summary>
    public async Task<string> CreateProjectAsync(CancellationToken cancellationToken)
    {
        var key = "p-" + Guid.NewGuid().ToString("N")[..8];
        using var response = await _client.PostAsJsonAsync("/api/v1/projects", new { key, name = "Project " + key }, cancellationToken);
        response.EnsureSuccessStatusCode();
        return key;
    }

    /// <summary>Creates a boolean flag with variations on (first) and off (last); it starts off everywhere.</summary>
    public async Task CreateBooleanFlagAsync(string project, string key, CancellationToken cancellationToken)
    {
        var flag = new
        {
            key,
            type = "boolean",
            name = "Flag " + key,
            variations = new object[] { new { key = "on", value = true }, new { key = "off", value = false } },
        };
        using var response = await _client.PostAsJsonAsync($"/api/v1/projects/{project}/flags", flag, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Creates an SDK key (server or client) for an environment; returns the secret.</summary>
    public async Task<string> CreateSdkKeyAsync(string project, string environment, string kind, CancellationToken cancellationToken)
    {
        using var response = await _client.PostAsJsonAsync($"/api/v1/projects/{project}/environments/{environment}/sdk-keys", new { kind, overlapSeconds = 0 }, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("key").GetString()!;
    }

    /// <summary>The kill switch; returns the environment's new version.</summary>
    public async Task<long> SetEnabledAsync(string project, string environment, string flag, bool enabled, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/projects/{project}/environments/{environment}/flags/{flag}/enabled")
        {
            Content = JsonContent.Create(new { enabled }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "*");
        using var response = await _client.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("versions").GetProperty(environment).GetInt64();
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();
}
