using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Flags;

/// <summary>POST …/environments/{env}/import/flagd: a flagd file becomes native flags through the normal write path.</summary>
public sealed class FlagdImportApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string File = """
        {
          "$evaluators": { "staff": { "ends_with": [{ "var": "email" }, "@example.com"] } },
          "flags": {
            "new-checkout": {
              "state": "ENABLED", "defaultVariant": "off", "variants": { "on": true, "off": false },
              "metadata": { "description": "The new checkout" },
              "targeting": { "if": [{ "$ref": "staff" }, "on", { "fractional": [["on", 50], ["off", 50]] }] }
            },
            "banner": { "state": "DISABLED", "defaultVariant": "blue", "variants": { "blue": "#00f", "red": "#f00" } }
          }
        }
        """;

    private HttpClient Admin => fixture.Admin;

    [Fact(Timeout = 60_000)]
    public async Task Import_AFileLargerThanOtherRequestBodies_IsImported_UpToItsOwnLimit_Then413()
    {
        // The test server takes 64 KiB bodies (Vexil:MaxRequestBodyBytes); a flagd file may be up to 16 MiB.
        var project = await Admin.CreateProjectAsync();
        var url = $"/api/v1/projects/{project}/environments/production/import/flagd";
        var padded = File.Replace("\"flags\"", new string(' ', 200_000) + "\"flags\"", StringComparison.Ordinal);
        var huge = File.Replace("\"flags\"", new string(' ', 17 * 1024 * 1024) + "\"flags\"", StringComparison.Ordinal);

        using var large = await Admin.SendAsync(HttpMethod.Post, url, padded);
        using var request = new HttpRequestMessage(HttpMethod.Post, url + "?dryRun=true") { Content = new StringContent(huge, Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = true; // the answer comes before the body is sent (else the refused upload breaks the pipe)
        using var tooLarge = await Admin.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, large.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("application/problem+json", tooLarge.Content.Headers.ContentType!.MediaType);
    }

    [Fact(Timeout = 60_000)]
    public async Task Import_CreatesNativeFlags_ThatServeAsFlagdWould_AndTwiceChangesNothing()
    {
        var project = await Admin.CreateProjectAsync();
        var url = $"/api/v1/projects/{project}/environments/production/import/flagd";

        using var first = await Admin.SendAsync(HttpMethod.Post, url, File);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var body = await first.JsonAsync();
        Assert.Equal(["banner", "new-checkout"], body.GetProperty("created").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.Equal(1, body.GetProperty("version").GetInt64()); // one import, one version
        Assert.Equal(1, body.GetProperty("versions").GetProperty("staging").GetInt64());
        using var config = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/environments/production/flags/new-checkout");
        var flag = (await config.JsonAsync()).GetProperty("flag");
        Assert.True(flag.GetProperty("enabled").GetBoolean());
        Assert.Equal("flagd-fractional-v2", flag.GetProperty("rules")[1].GetProperty("serve").GetProperty("rollout").GetProperty("algorithm").GetString());
        using var staging = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/environments/staging/flags/new-checkout");
        Assert.False((await staging.JsonAsync()).GetProperty("flag").GetProperty("enabled").GetBoolean());

        var key = await ServerKeyAsync(project);
        Assert.Equal("TARGETING_MATCH", (await EvaluateAsync(key, "new-checkout", "u-1", "ann@example.com")).GetProperty("reason").GetString());
        var split = await EvaluateAsync(key, "new-checkout", "u-1", "ann@other.org");
        Assert.Equal("SPLIT", split.GetProperty("reason").GetString());
        Assert.Equal(ExpectedByFlagd("new-checkout", "u-1", "ann@other.org"), split.GetProperty("variant").GetString());
        Assert.Equal("DISABLED", (await EvaluateAsync(key, "banner", "u-1", null)).GetProperty("reason").GetString());

        using var second = await Admin.SendAsync(HttpMethod.Post, url, File);
        var again = await second.JsonAsync();
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(2, again.GetProperty("unchanged").GetArrayLength());
        Assert.Equal(0, again.GetProperty("created").GetArrayLength() + again.GetProperty("updated").GetArrayLength());
        Assert.Equal(1, again.GetProperty("version").GetInt64());
    }

    [Fact(Timeout = 60_000)]
    public async Task Import_OfAChangedFile_UpdatesOnlyWhatChanged()
    {
        var project = await Admin.CreateProjectAsync();
        var url = $"/api/v1/projects/{project}/environments/production/import/flagd";
        (await Admin.SendAsync(HttpMethod.Post, url, File)).EnsureSuccessStatusCode();

        using var response = await Admin.SendAsync(HttpMethod.Post, url, File.Replace("\"defaultVariant\": \"blue\"", "\"defaultVariant\": \"red\"", StringComparison.Ordinal));

        var body = await response.JsonAsync();
        Assert.Equal(["banner"], body.GetProperty("updated").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["new-checkout"], body.GetProperty("unchanged").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, body.GetProperty("version").GetInt64());
        Assert.False(body.GetProperty("versions").TryGetProperty("staging", out _));
        using var audit = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/audit");
        Assert.Contains("flag.import", (await audit.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Import_WithAFlagThatCannotBeExpressed_RefusesAll_WithEveryErrorByPath()
    {
        var project = await Admin.CreateProjectAsync();
        var url = $"/api/v1/projects/{project}/environments/production/import/flagd";
        var file = File.Replace("\"flags\": {", """
            "flags": {
              "clock": { "state": "ENABLED", "defaultVariant": "a", "variants": { "a": 1, "b": 2 },
                         "targeting": { "if": [{ ">": [{ "var": "$flagd.timestamp" }, 1700000000] }, "b", "a"] } },
              "no-default": { "state": "ENABLED", "variants": { "a": 1 } },
            """, StringComparison.Ordinal);

        using var refused = await Admin.SendAsync(HttpMethod.Post, url, file);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.JsonAsync();
        Assert.Equal("The flagd file cannot be imported", problem.GetProperty("title").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("flags.clock.targeting.if[0].>", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("flags.no-default.defaultVariant", out _));
        Assert.Equal(["clock", "no-default"], problem.GetProperty("refusedFlags").EnumerateArray().Select(e => e.GetString()).Order());
        using var none = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/flags");
        Assert.Equal(0, (await none.JsonAsync()).GetProperty("items").GetArrayLength());

        using var partial = await Admin.SendAsync(HttpMethod.Post, url + "?partial=true", file);
        var body = await partial.JsonAsync();
        Assert.Equal(HttpStatusCode.OK, partial.StatusCode);
        Assert.Equal(2, body.GetProperty("created").GetArrayLength());
        Assert.Equal(["clock", "no-default"], body.GetProperty("skipped").EnumerateArray().Select(e => e.GetString()).Order());
    }

    [Fact(Timeout = 60_000)]
    public async Task DryRun_ReportsWhatWouldHappen_AndChangesNothing()
    {
        var project = await Admin.CreateProjectAsync();

        using var response = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/environments/production/import/flagd?dryRun=true", File);

        var body = await response.JsonAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body.GetProperty("dryRun").GetBoolean());
        Assert.Equal(2, body.GetProperty("created").GetArrayLength());
        Assert.Equal(1, body.GetProperty("version").GetInt64());
        using var flag = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/flags/new-checkout");
        Assert.Equal(HttpStatusCode.NotFound, flag.StatusCode);
        using var environment = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/environments/production/version");
        Assert.Contains("0", await environment.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("not json", HttpStatusCode.BadRequest)]
    [InlineData("{\"flags\": []", HttpStatusCode.BadRequest)]
    public async Task Import_OfAnInvalidFile_IsAProblem(string file, HttpStatusCode expected)
    {
        var project = await Admin.CreateProjectAsync();

        using var response = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/environments/production/import/flagd", file);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact(Timeout = 60_000)]
    public async Task Import_IntoAnUnknownEnvironment_Is404()
    {
        var project = await Admin.CreateProjectAsync();

        using var response = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/environments/nowhere/import/flagd", File);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static string ExpectedByFlagd(string flag, string targetingKey, string email)
    {
        var ruleset = Vexil.Flagd.FlagdCompiler.Compile(Encoding.UTF8.GetBytes(File), Vexil.Flagd.FlagdCompileOptions.Default).Ruleset!;
        var context = Core.Context.EvaluationContext.CreateBuilder(targetingKey).Set("email", email).Build();
        return ruleset.Evaluate(flag, context).VariationKey!;
    }

    private async Task<string> ServerKeyAsync(string project)
    {
        using var response = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/environments/production/sdk-keys", new { kind = "server" });
        response.EnsureSuccessStatusCode();
        return (await response.JsonAsync()).GetProperty("key").GetString()!;
    }

    private async Task<JsonElement> EvaluateAsync(string key, string flag, string targetingKey, string? email)
    {
        using var client = fixture.Server.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/ofrep/v1/evaluate/flags/{flag}")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { context = new { targetingKey, email } }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return await response.JsonAsync();
    }
}
