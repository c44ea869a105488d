using System.Text.Json;

namespace Vexil.Server.Tests.Infrastructure;

/// <summary>Rotates one SDK key through the API: <c>POST …/sdk-keys/{id}/rotate</c>.</summary>
public static class SdkKeyRotation
{
    /// <summary>Rotates the newest current key of <paramref name="kind"/> listed at <paramref name="keys"/> (…/sdk-keys).</summary>
    public static async Task<HttpResponseMessage> RotateNewestAsync(HttpClient admin, string keys, string kind, int overlapSeconds)
    {
        using var list = await admin.SendAsync(HttpMethod.Get, keys);
        list.EnsureSuccessStatusCode();
        var id = (await list.JsonAsync()).EnumerateArray()
            .Where(k => k.GetProperty("kind").GetString() == kind && k.GetProperty("active").GetBoolean() && (!k.TryGetProperty("expiresAt", out var expires) || expires.ValueKind == JsonValueKind.Null))
            .Select(k => k.GetProperty("id").GetInt64())
            .Max();
        return await admin.SendAsync(HttpMethod.Post, $"{keys}/{id}/rotate", new { overlapSeconds });
    }
}
