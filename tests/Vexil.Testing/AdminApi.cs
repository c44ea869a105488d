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
    public static Task<AdminApi> SignInAsync(Uri address, CancellationToken cancellationToken) =>
        SignInAsync(address, VexilServerProcess.AdminPassword, handler: null, cancellationToken);

    /// <summary>Signs in as <c>admin</c> with a given password, through a given handler (a CA to trust, a proxy).</summary>
    public static async Task<AdminApi> SignInAsync(Uri address, string password, HttpMessageHandler? handler, CancellationToken cancellationToken)
    {
        var client = handler is null ? new HttpClient() : new HttpClient(handler);
        client.BaseAddress = address;
        client.Timeout = TimeSpan.FromSeconds(30);
        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { username = "admin", password }, cancellationToken);
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

    /// <summary>
    /// Creates a flag of any type (<c>boolean</c>, <c>string</c>, <c>number</c>, <c>object</c>) with the given
    /// variations (<c>new { key, value }</c>); it starts off everywhere.
    /// </summary>
    public async Task CreateFlagAsync(string project, string key, string type, object[] variations, CancellationToken cancellationToken)
    {
        using var response = await _client.PostAsJsonAsync($"/api/v1/projects/{project}/flags", new { key, type, name = "Flag " + key, variations }, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    /// <summary>
    /// Replaces a flag's whole configuration in one environment (native format fields: <c>enabled</c>,
    /// <c>offVariation</c>, <c>targets</c>, <c>rules</c>, <c>fallthrough</c>, …); returns the environment's new version.
    /// </summary>
    public async Task<long> ConfigureFlagAsync(string project, string environment, string flag, object config, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/projects/{project}/environments/{environment}/flags/{flag}")
        {
            Content = JsonContent.Create(config),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "*");
        using var response = await _client.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("versions").GetProperty(environment).GetInt64();
    }

    /// <summary>Creates an SDK key (server or client) for an environment; returns the secret.</summary>
    public async Task<string> CreateSdkKeyAsync(string project, string environment, string kind, CancellationToken cancellationToken)
    {
        using var response = await _client.PostAsJsonAsync($"/api/v1/projects/{project}/environments/{environment}/sdk-keys", new { kind }, cancellationToken);
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

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {body}", null, response.StatusCode);
        }
    }
}
