using System.Net;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Ofrep;

/// <summary>POST /ofrep/v1/evaluate/flags: every flag at once, and revalidation by ETag.</summary>
public sealed class OfrepEvaluateFlagsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Vip = """{"context":{"targetingKey":"vip"}}""";

    [Fact(Timeout = 60_000)]
    public async Task Bulk_AnswersEveryFlagOfTheEnvironment_WithAnETag()
    {
        var project = await OfrepSetup.CreateProjectAsync(fixture.Admin);
        using var client = fixture.Server.Client(await OfrepSetup.ClientKeyAsync(fixture.Admin, project));

        using var response = await client.PostAsync("/ofrep/v1/evaluate/flags", Vip);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.ETag);
        var flags = (await response.JsonAsync()).GetProperty("flags").EnumerateArray().ToDictionary(f => f.GetProperty("key").GetString()!);
        Assert.Equal(["bool", "count", "dark", "off", "shape", "text"], flags.Keys.Order(StringComparer.Ordinal));
        Assert.True(flags["bool"].GetProperty("value").GetBoolean());
        Assert.Equal(7, flags["count"].GetProperty("value").GetDouble());
        Assert.Equal("DISABLED", flags["dark"].GetProperty("reason").GetString());
        Assert.False(flags["dark"].TryGetProperty("value", out _));
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("targets", text, StringComparison.Ordinal);
        Assert.DoesNotContain("rollout", text, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Bulk_WithItsETag_Answers304_UntilTheContextOrTheRulesetChanges()
    {
        var project = await OfrepSetup.CreateProjectAsync(fixture.Admin);
        using var client = fixture.Server.Client(await OfrepSetup.ClientKeyAsync(fixture.Admin, project));
        using var first = await client.PostAsync("/ofrep/v1/evaluate/flags", Vip);
        var etag = first.ETag();

        using var same = await client.PostAsync("/ofrep/v1/evaluate/flags", Vip, etag);
        using var otherContext = await client.PostAsync("/ofrep/v1/evaluate/flags", """{"context":{"targetingKey":"someone"}}""", etag);
        await OfrepSetup.ConfigureAsync(fixture.Admin, project, "text", """{"enabled":false,"offVariation":"bye","fallthrough":{"variation":"greeting"}}""");
        using var changed = await client.PostAsync("/ofrep/v1/evaluate/flags", Vip, etag);

        Assert.Equal(HttpStatusCode.NotModified, same.StatusCode);
        Assert.Equal(etag, same.ETag());
        Assert.Empty(await same.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.OK, otherContext.StatusCode);
        Assert.NotEqual(etag, otherContext.ETag());
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.ETag());
        var text = (await changed.JsonAsync()).GetProperty("flags").EnumerateArray().Single(f => f.GetProperty("key").GetString() == "text");
        Assert.Equal("bye", text.GetProperty("value").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task Evaluation_SeesOnlyTheKeysOwnEnvironment()
    {
        var project = await OfrepSetup.CreateProjectAsync(fixture.Admin);
        using var staging = fixture.Server.Client(await OfrepSetup.ClientKeyAsync(fixture.Admin, project, "staging"));
        using var production = fixture.Server.Client(await OfrepSetup.ClientKeyAsync(fixture.Admin, project));

        using var fromStaging = await staging.EvaluateAsync("bool", "vip");
        using var fromProduction = await production.EvaluateAsync("bool", "vip");

        Assert.Equal("TARGETING_MATCH", (await fromProduction.JsonAsync()).GetProperty("reason").GetString());
        Assert.NotEqual("TARGETING_MATCH", (await fromStaging.JsonAsync()).GetProperty("reason").GetString());
    }
}
