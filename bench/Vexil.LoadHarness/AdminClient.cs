using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Vexil.LoadHarness;

/// <summary>The few admin API calls the harness needs.</summary>
internal sealed class AdminClient(HttpClient http) : IDisposable
{
    public static async Task<AdminClient> LoginAsync(Uri controlPlane)
    {
        var http = new HttpClient { BaseAddress = controlPlane };
        using var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { username = "admin", password = VexilNode.AdminPassword });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new AdminClient(http);
    }

    public async Task CreateProjectAsync(string project)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/projects", new { key = project, name = project });
        response.EnsureSuccessStatusCode();
    }

    public async Task CreateFlagAsync(string project, string flag)
    {
        using var response = await http.PostAsJsonAsync($"/api/v1/projects/{project}/flags", new
        {
            key = flag,
            type = "boolean",
            name = flag,
            variations = new object[] { new { key = "on", value = true }, new { key = "off", value = false } },
        });
        response.EnsureSuccessStatusCode();
    }

    public async Task<string> ServerKeyAsync(string project)
    {
        using var response = await http.PostAsJsonAsync($"/api/v1/projects/{project}/environments/production/sdk-keys", new { kind = "server", overlapSeconds = 3600 });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    /// <summary>Toggles a flag in production; returns the new version once the write is acknowledged.</summary>
    public async Task<long> ToggleAsync(string project, string flag, bool enabled)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/projects/{project}/environments/production/flags/{flag}/enabled")
        {
            Content = JsonContent.Create(new { enabled }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "*");
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("versions").GetProperty("production").GetInt64();
    }

    public void Dispose() => http.Dispose();
}
