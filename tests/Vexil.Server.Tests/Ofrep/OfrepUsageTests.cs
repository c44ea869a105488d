using Microsoft.Extensions.Configuration;
using System.Net;
using System.Text.Json;
using Vexil.Server.Tests.Auth;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Ofrep;

/// <summary>
/// The control plane counts the evaluations it answers (OFREP single and bulk, <c>/sdk/v1/evaluate</c>) into the
/// events pipeline, so a flag used only by browsers shows its usage and is not called stale (issue #18, item 17).
/// </summary>
public sealed class OfrepUsageTests
{
    private static readonly Dictionary<string, string?> QuickSummaries = new() { ["Vexil:Ofrep:UsageInterval"] = "00:00:00.200" };

    [Fact(Timeout = 60_000)]
    public async Task EvaluationsServedByTheControlPlane_ReachUsage_AndTheFlagIsNotStale()
    {
        await using var server = await VexilTestServer.StartAsync(configure: b => b.Configuration.AddInMemoryCollection(QuickSummaries));
        using var admin = await server.AdminAsync();
        var project = await OfrepSetup.CreateProjectAsync(admin);
        using var browser = server.Client(await OfrepSetup.ClientKeyAsync(admin, project));
        using var viewer = server.Client(await AuthorizationMatrixTests.TokenAsync(admin, "viewer", null));

        for (var i = 0; i < 3; i++)
        {
            using var single = await browser.EvaluateAsync("bool", "vip");
            Assert.Equal(HttpStatusCode.OK, single.StatusCode);
        }

        using (var bulk = await browser.PostAsync("/ofrep/v1/evaluate/flags", """{"context":{"targetingKey":"someone"}}"""))
        {
            Assert.Equal(HttpStatusCode.OK, bulk.StatusCode);
        }

        using (var evaluate = await browser.PostAsync("/sdk/v1/evaluate", """{"targetingKey":"someone"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, evaluate.StatusCode);
        }

        // bool: 3 × "on" (vip is targeted) by single evaluation, 2 × "off" (bulk and /sdk/v1/evaluate fall through).
        var usage = $"/api/v1/projects/{project}/environments/production/flags/bool/usage?granularity=minute&from={Time(-5)}&to={Time(5)}";
        var counted = await UntilAsync(viewer, usage, body => Total(body, "on") == 3 && Total(body, "off") == 2);
        Assert.Equal(3, Total(counted, "on"));
        Assert.Equal(2, Total(counted, "off"));

        // A disabled flag with no off variation serves the caller's default: counted as such, not as "never evaluated".
        var dark = $"/api/v1/projects/{project}/environments/production/flags/dark/usage?granularity=minute&from={Time(-5)}&to={Time(5)}";
        var defaults = await UntilAsync(viewer, dark, body => Total(body, null) == 2);
        Assert.Equal(2, Total(defaults, null));

        using var stale = await viewer.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/environments/production/stale-flags?staleAfterDays=1");
        var flags = (await stale.JsonAsync()).GetProperty("flags").EnumerateArray()
            .ToDictionary(f => f.GetProperty("key").GetString()!, f => f.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).ToArray());
        Assert.False(flags.TryGetValue("bool", out var boolReasons) && boolReasons.Contains("notEvaluated"), "bool was evaluated through OFREP but is stale as not evaluated");
        Assert.False(flags.TryGetValue("count", out var countReasons) && countReasons.Contains("notEvaluated"), "count was evaluated in bulk but is stale as not evaluated");
    }

    private static string Time(int minutes) => DateTimeOffset.UtcNow.AddMinutes(minutes).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static long Total(JsonElement usage, string? variation) =>
        usage.GetProperty("points").EnumerateArray()
            .Where(p => (p.TryGetProperty("variation", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null) == variation)
            .Sum(p => p.GetProperty("evaluations").GetInt64());

    private static async Task<JsonElement> UntilAsync(HttpClient client, string path, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            using var response = await client.SendAsync(HttpMethod.Get, path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.JsonAsync();
            if (done(body))
            {
                return body;
            }

            Assert.True(DateTime.UtcNow < deadline, $"usage never showed the evaluations: {body}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
