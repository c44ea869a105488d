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

    /// <summary>
    /// Fills an environment with <paramref name="count"/> flags shaped like real ones (tags, targets, two rules with a
    /// rollout, every tenth a prerequisite on the one before) through <c>…/apply</c>, in files of at most
    /// <paramref name="perCall"/> flags: each call one transaction. Returns the environment's version.
    /// </summary>
    public async Task<long> FillAsync(string project, string environment, int count, int perCall = 10_000)
    {
        long version = 0;
        for (var start = 0; start < count; start += perCall)
        {
            var file = FlagsFile(start, Math.Min(count, start + perCall));
            using var content = new ByteArrayContent(file);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await http.PostAsync($"/api/v1/projects/{project}/environments/{environment}/apply", content);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"apply answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            version = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64();
        }

        return version;
    }

    private static byte[] FlagsFile(int from, int to)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("formatVersion", 1);
            w.WriteStartArray("flags");
            for (var i = from; i < to; i++)
            {
                var key = FlagKey(i);
                w.WriteStartObject();
                w.WriteString("key", key);
                w.WriteString("name", "Flag " + i);
                w.WriteString("type", "boolean");
                w.WriteString("description", "Filled by the load harness");
                w.WriteStartArray("tags");
                w.WriteStringValue("bench");
                w.WriteStringValue("team-" + (i % 20));
                w.WriteEndArray();
                w.WritePropertyName("variations");
                w.WriteRawValue("""[{"key":"on","value":true},{"key":"off","value":false}]""", skipInputValidation: true);
                w.WriteBoolean("enabled", i % 2 == 0);
                w.WriteString("offVariation", "off");
                if (i % 10 == 9)
                {
                    w.WritePropertyName("prerequisites");
                    w.WriteRawValue($$"""[{"flag":"{{FlagKey(i - 1)}}","variation":"on"}]""", skipInputValidation: true);
                }

                w.WritePropertyName("targets");
                w.WriteRawValue($$"""[{"variation":"on","values":["user-{{i}}-a","user-{{i}}-b","user-{{i}}-c"]}]""", skipInputValidation: true);
                w.WritePropertyName("rules");
                w.WriteRawValue("""
                    [{"id":"staff","clauses":[{"attribute":"email","operator":"endsWith","values":["@example.com"]},{"attribute":"org.plan","operator":"in","values":["enterprise","team"]}],"serve":{"variation":"on"}},
                     {"id":"europe","clauses":[{"attribute":"country","operator":"in","values":["DE","FR","NL","SE"]}],"serve":{"rollout":{"weights":[{"variation":"on","weight":25000},{"variation":"off","weight":75000}]}}}]
                    """, skipInputValidation: true);
                w.WriteStartObject("fallthrough");
                w.WriteString("variation", "off");
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static string FlagKey(int index) => $"flag-{index:D5}";

    public async Task<string> ServerKeyAsync(string project)
    {
        using var response = await http.PostAsJsonAsync($"/api/v1/projects/{project}/environments/production/sdk-keys", new { kind = "server" });
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
