using System.Text.Json;

namespace Vexil.Server.Tests.Infrastructure;

/// <summary>A project with one flag and a production server key: what a delivery test starts from.</summary>
public sealed record DeliverySetup(string Project, string ServerKey, string Environment)
{
    public static async Task<DeliverySetup> CreateAsync(HttpClient admin, params string[] flags)
    {
        var project = await admin.CreateProjectAsync();
        foreach (var flag in flags.Length == 0 ? ["f"] : flags)
        {
            await admin.CreateFlagAsync(project, flag);
        }

        using var response = await admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/environments/production/sdk-keys", new { kind = "server" });
        response.EnsureSuccessStatusCode();
        var key = (await response.JsonAsync()).GetProperty("key").GetString()!;
        return new DeliverySetup(project, key, $"/api/v1/projects/{project}/environments/production");
    }

    /// <summary>Turns a flag on or off in production; returns the new environment version.</summary>
    public async Task<long> ToggleAsync(HttpClient admin, string flag, bool enabled)
    {
        using var write = await admin.SendAsync(HttpMethod.Put, $"{Environment}/flags/{flag}/enabled", new { enabled }, "*");
        write.EnsureSuccessStatusCode();
        return (await write.JsonAsync()).GetProperty("versions").GetProperty("production").GetInt64();
    }

    /// <summary>Whether the flag is on in a ruleset document.</summary>
    public static bool IsEnabled(JsonElement ruleset, string flag) =>
        ruleset.GetProperty("flags").EnumerateArray().Single(f => f.GetProperty("key").GetString() == flag).GetProperty("enabled").GetBoolean();
}
