using System.Net;
using System.Text.Json;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Ofrep;

/// <summary>POST /ofrep/v1/evaluate/flags/{key}: values of every type, every reason, every error code.</summary>
public sealed class OfrepEvaluateFlagTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task EveryValueType_AnswersKeyValueVariantAndReason_AsJson()
    {
        using var client = await ClientAsync();

        using var boolean = await client.EvaluateAsync("bool", "vip");
        using var text = await client.EvaluateAsync("text");
        using var number = await client.EvaluateAsync("count");
        using var shape = await client.EvaluateAsync("shape");

        Assert.Equal(HttpStatusCode.OK, boolean.StatusCode);
        Assert.Equal("application/json", boolean.Content.Headers.ContentType?.MediaType);
        var b = await boolean.JsonAsync();
        Assert.Equal("bool", b.GetProperty("key").GetString());
        Assert.True(b.GetProperty("value").GetBoolean());
        Assert.Equal("on", b.GetProperty("variant").GetString());
        Assert.Equal("TARGETING_MATCH", b.GetProperty("reason").GetString());

        var t = await text.JsonAsync();
        Assert.Equal("hello", t.GetProperty("value").GetString());
        Assert.Equal("greeting", t.GetProperty("variant").GetString());
        Assert.Equal("STATIC", t.GetProperty("reason").GetString());

        var n = await number.JsonAsync();
        Assert.Equal(42.5, n.GetProperty("value").GetDouble());
        Assert.Equal("DEFAULT", n.GetProperty("reason").GetString());

        var s = await shape.JsonAsync();
        Assert.Equal(JsonValueKind.Object, s.GetProperty("value").ValueKind);
        Assert.Equal(4, s.GetProperty("value").GetProperty("sides").GetInt32());
        Assert.Equal("square", s.GetProperty("variant").GetString());
        Assert.Equal("SPLIT", s.GetProperty("reason").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task DisabledFlag_ServesItsOffVariation_OrSucceedsWithNoValueWhenItHasNone()
    {
        using var client = await ClientAsync();

        using var off = await client.EvaluateAsync("off");
        using var dark = await client.EvaluateAsync("dark");

        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        var o = await off.JsonAsync();
        Assert.Equal("DISABLED", o.GetProperty("reason").GetString());
        Assert.False(o.GetProperty("value").GetBoolean());
        Assert.Equal("off", o.GetProperty("variant").GetString());

        Assert.Equal(HttpStatusCode.OK, dark.StatusCode);
        Assert.Equal("application/json", dark.Content.Headers.ContentType?.MediaType);
        var d = await dark.JsonAsync();
        Assert.Equal("dark", d.GetProperty("key").GetString());
        Assert.Equal("DISABLED", d.GetProperty("reason").GetString());
        Assert.False(d.TryGetProperty("value", out _));
        Assert.False(d.TryGetProperty("variant", out _));
        Assert.False(d.TryGetProperty("errorCode", out _));
    }

    [Fact(Timeout = 60_000)]
    public async Task UnknownFlag_Answers404FlagNotFound()
    {
        using var client = await ClientAsync();

        using var response = await client.EvaluateAsync("no-such-flag");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.JsonAsync();
        Assert.Equal("no-such-flag", body.GetProperty("key").GetString());
        Assert.Equal("FLAG_NOT_FOUND", body.GetProperty("errorCode").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("errorDetails").GetString()));
    }

    [Fact(Timeout = 60_000)]
    public async Task RolloutWithoutTargetingKey_Answers400TargetingKeyMissing()
    {
        using var client = await ClientAsync();

        using var response = await client.EvaluateAsync("shape", targetingKey: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("shape", body.GetProperty("key").GetString());
        Assert.Equal("TARGETING_KEY_MISSING", body.GetProperty("errorCode").GetString());
    }

    [Theory(Timeout = 60_000)]
    [InlineData("{}")]
    [InlineData("{\"context\":null}")]
    public async Task MissingContext_IsAnEmptyContext(string body)
    {
        using var client = await ClientAsync();

        using var response = await client.PostAsync("/ofrep/v1/evaluate/flags/text", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("STATIC", (await response.JsonAsync()).GetProperty("reason").GetString());
    }

    [Theory(Timeout = 60_000)]
    [InlineData("{\"context\":", "PARSE_ERROR")]
    [InlineData("", "PARSE_ERROR")]
    [InlineData("[1,2]", "PARSE_ERROR")]
    [InlineData("{\"context\":\"user-1\"}", "INVALID_CONTEXT")]
    [InlineData("{\"context\":[]}", "INVALID_CONTEXT")]
    [InlineData("{\"context\":{\"targetingKey\":7}}", "INVALID_CONTEXT")]
    public async Task BadBody_Answers400WithTheErrorCode(string body, string errorCode)
    {
        using var client = await ClientAsync();

        using var single = await client.PostAsync("/ofrep/v1/evaluate/flags/bool", body);
        using var bulk = await client.PostAsync("/ofrep/v1/evaluate/flags", body);

        Assert.Equal(HttpStatusCode.BadRequest, single.StatusCode);
        var s = await single.JsonAsync();
        Assert.Equal("bool", s.GetProperty("key").GetString());
        Assert.Equal(errorCode, s.GetProperty("errorCode").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, bulk.StatusCode);
        var b = await bulk.JsonAsync();
        Assert.False(b.TryGetProperty("key", out _));
        Assert.Equal(errorCode, b.GetProperty("errorCode").GetString());
    }

    private async Task<HttpClient> ClientAsync()
    {
        var project = await OfrepSetup.CreateProjectAsync(fixture.Admin);
        return fixture.Server.Client(await OfrepSetup.ClientKeyAsync(fixture.Admin, project));
    }
}
