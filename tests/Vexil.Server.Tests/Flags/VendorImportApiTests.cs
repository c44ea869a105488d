using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Flags;

/// <summary>
/// POST …/import/launchdarkly and …/import/unleash: another product's flags become native flags (and segments) through
/// the flagd import's write path, and serve over OFREP as the source would.
/// </summary>
public sealed class VendorImportApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Unleash = """
        {"version":2,"features":[
          {"name":"checkout-colour","enabled":true,"strategies":[{"name":"default","constraints":[]}],
           "variants":[{"name":"blue","weight":1000,"stickiness":"default","payload":{"type":"json","value":"{\"hex\":\"#00f\"}"}}]},
          {"name":"dark-launch","enabled":false,"strategies":[]},
          {"name":"pro-only","enabled":true,"strategies":[{"name":"default","constraints":[{"contextName":"plan","operator":"IN","values":["pro"]}]}]}
        ]}
        """;

    private const string LaunchDarkly = """
        {"flags":{
          "org-banner":{"key":"org-banner","on":true,"salt":"s","variations":["off","on"],"offVariation":0,"fallthrough":{"variation":0},
            "rules":[{"id":"partners","clauses":[{"attribute":"segmentMatch","op":"segmentMatch","values":["partners"]}],"variation":1}]}},
         "segments":{"partners":{"key":"partners","salt":"x","includedContexts":[{"contextKind":"org","values":["acme"]}],"version":1}}}
        """;

    private HttpClient Admin => fixture.Admin;

    [Fact(Timeout = 60_000)]
    public async Task UnleashImport_ServesEnabledStateVariantAndPayloadOverOfrep()
    {
        var project = await Admin.CreateProjectAsync();
        using var response = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/environments/production/import/unleash", Unleash);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["checkout-colour", "dark-launch", "pro-only"], (await response.JsonAsync()).GetProperty("created").EnumerateArray().Select(e => e.GetString()).Order());
        var key = await ServerKeyAsync(project);
        var colour = await EvaluateAsync(key, "checkout-colour", new { targetingKey = "u-1" });
        Assert.True(colour.GetProperty("value").GetBoolean());
        Assert.Equal("blue", colour.GetProperty("variant").GetString());
        Assert.Equal("{\"hex\":\"#00f\"}", colour.GetProperty("metadata").GetProperty("payload").GetString());
        Assert.Equal("json", colour.GetProperty("metadata").GetProperty("payloadType").GetString());
        var dark = await EvaluateAsync(key, "dark-launch", new { targetingKey = "u-1" });
        Assert.False(dark.GetProperty("value").GetBoolean());
        Assert.Equal("disabled", dark.GetProperty("variant").GetString());
        Assert.Equal("enabled", (await EvaluateAsync(key, "pro-only", new { targetingKey = "u-1", plan = "pro" })).GetProperty("variant").GetString());
        Assert.False((await EvaluateAsync(key, "pro-only", new { targetingKey = "u-1", plan = "free" })).GetProperty("value").GetBoolean());
    }

    [Fact(Timeout = 60_000)]
    public async Task LaunchDarklyImport_WritesSegmentsWithKinds_AndTwiceChangesNothing()
    {
        var project = await Admin.CreateProjectAsync();
        var url = $"/api/v1/projects/{project}/environments/production/import/launchdarkly";

        using var first = await Admin.SendAsync(HttpMethod.Post, url, LaunchDarkly);

        var body = await first.JsonAsync();
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(["partners"], body.GetProperty("segments").EnumerateArray().Select(e => e.GetString()));
        var key = await ServerKeyAsync(project);
        var multi = new Dictionary<string, object> { ["kind"] = "multi", ["user"] = new { targetingKey = "u-1" }, ["org"] = new { targetingKey = "acme" } };
        Assert.Equal("1", (await EvaluateAsync(key, "org-banner", multi)).GetProperty("variant").GetString());
        Assert.Equal("0", (await EvaluateAsync(key, "org-banner", new { targetingKey = "acme" })).GetProperty("variant").GetString());
        var invalid = await EvaluateAsync(key, "org-banner", new { plan = "no key" });
        Assert.True(invalid.TryGetProperty("errorCode", out var error), invalid.ToString());
        Assert.Equal("TARGETING_KEY_MISSING", error.GetString());
        using var segment = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/environments/production/segments/partners");
        var segmentBody = await segment.JsonAsync();
        Assert.True(segmentBody.TryGetProperty("includedContexts", out var included), segmentBody.ToString());
        Assert.Equal("acme", included[0].GetProperty("values")[0].GetString());

        using var second = await Admin.SendAsync(HttpMethod.Post, url, LaunchDarkly);
        var again = await second.JsonAsync();
        Assert.Equal(["org-banner"], again.GetProperty("unchanged").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(body.GetProperty("version").GetInt64(), again.GetProperty("version").GetInt64());
    }

    [Fact(Timeout = 60_000)]
    public async Task Import_WithARefusedFlag_ChangesNothing_UnlessPartial_AndDryRunChangesNothing()
    {
        var project = await Admin.CreateProjectAsync();
        var url = $"/api/v1/projects/{project}/environments/production/import/unleash";
        var document = Unleash.Replace("\"name\":\"default\",\"constraints\":[{\"contextName\":\"plan\"", "\"name\":\"applicationHostname\",\"constraints\":[{\"contextName\":\"plan\"", StringComparison.Ordinal);

        using var refused = await Admin.SendAsync(HttpMethod.Post, url, document);
        var problem = await refused.JsonAsync();
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("features[2].strategies[0].name", out _), problem.ToString());
        Assert.Equal(["pro-only"], problem.GetProperty("refusedFlags").EnumerateArray().Select(e => e.GetString()));

        using var dry = await Admin.SendAsync(HttpMethod.Post, url + "?partial=true&dryRun=true", document);
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        using var none = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/environments/production/flags/checkout-colour");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);

        using var partial = await Admin.SendAsync(HttpMethod.Post, url + "?partial=true", document);
        var body = await partial.JsonAsync();
        Assert.Equal(["pro-only"], body.GetProperty("skipped").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, body.GetProperty("created").GetArrayLength());
    }

    [Fact(Timeout = 60_000)]
    public async Task Import_OfTextThatIsNotUnicode_OrANumberOutOfRange_IsAProblemWithItsPath_NeverA500()
    {
        var project = await Admin.CreateProjectAsync();
        var url = $"/api/v1/projects/{project}/environments/production/import";

        using var surrogate = await Admin.SendAsync(HttpMethod.Post, $"{url}/launchdarkly", """{"flags":{"f":{"key":"f","on":true,"variations":["\ud800"],"fallthrough":{"variation":0}}}}""");
        using var huge = await Admin.SendAsync(HttpMethod.Post, $"{url}/unleash", """{"features":[{"name":"f","enabled":true,"strategies":[{"name":"default","segments":[1e999]}]}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, surrogate.StatusCode);
        Assert.True((await surrogate.JsonAsync()).GetProperty("errors").TryGetProperty("flags.f.variations[0]", out _));
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        Assert.True((await huge.JsonAsync()).GetProperty("errors").TryGetProperty("features[0].strategies[0].segments[0]", out _));
        using var none = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/flags/f");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    private async Task<string> ServerKeyAsync(string project)
    {
        using var response = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/environments/production/sdk-keys", new { kind = "server" });
        response.EnsureSuccessStatusCode();
        return (await response.JsonAsync()).GetProperty("key").GetString()!;
    }

    private async Task<JsonElement> EvaluateAsync(string key, string flag, object context)
    {
        using var client = fixture.Server.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/ofrep/v1/evaluate/flags/{flag}")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { context }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return await response.JsonAsync();
    }
}
