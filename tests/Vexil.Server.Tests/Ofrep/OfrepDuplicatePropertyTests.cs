using System.Net;
using Vexil.Server.Tests.Edge;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Ofrep;

/// <summary>
/// An OFREP body or context that names a property twice is refused (400) on every role that serves OFREP: it is
/// ambiguous (parsers disagree on which value wins, so a proxy and the server could read two different contexts), and
/// OFREP's codes say which part was bad: <c>PARSE_ERROR</c> for the body, <c>INVALID_CONTEXT</c> for the context.
/// </summary>
public sealed class OfrepDuplicatePropertyTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    /// <summary>(body, expected error code) for single and bulk evaluation.</summary>
    private static readonly (string Body, string Code)[] Cases =
    [
        ("""{"context":{"targetingKey":"vip"},"context":{"targetingKey":"someone"}}""", "PARSE_ERROR"),
        ("""{"context":{"targetingKey":"vip","targetingKey":"someone"}}""", "INVALID_CONTEXT"),
        ("""{"context":{"targetingKey":"u1","email":"a@example.com","email":"b@example.com"}}""", "INVALID_CONTEXT"),
        ("""{"context":{"targetingKey":"u1","address":{"country":"fr","country":"de"}}}""", "INVALID_CONTEXT"),
        ("""{"context":{"targetingKey":"u1","list":[{"a":1,"a":2}]}}""", "INVALID_CONTEXT"),
        ("""{"extra":{"x":1,"x":2},"context":{"targetingKey":"u1"}}""", "PARSE_ERROR"),
    ];

    public static TheoryData<string, string> Bodies()
    {
        var data = new TheoryData<string, string>();
        foreach (var (body, code) in Cases)
        {
            data.Add(body, code);
        }

        return data;
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Bodies))]
    public async Task ControlPlane_DuplicateProperty_Is400WithItsErrorCode(string body, string code)
    {
        var project = await OfrepSetup.CreateProjectAsync(fixture.Admin);
        using var client = fixture.Server.Client(await OfrepSetup.ClientKeyAsync(fixture.Admin, project));

        await AssertRefusedAsync(client, body, code, "bool");
    }

    [Fact(Timeout = 120_000)]
    public async Task Edge_DuplicateProperty_Is400WithItsErrorCode()
    {
        var setup = await DeliverySetup.CreateAsync(fixture.Admin);
        await using var edge = await EdgeHost.StartAsync(fixture.Server.Address, setup.ServerKey, Path.Combine(Path.GetTempPath(), "vexil-dup-" + Guid.NewGuid().ToString("N")[..8]));
        using var client = new HttpClient { BaseAddress = edge.Address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", setup.ServerKey);
        await WaitForRulesetAsync(client);

        foreach (var (body, code) in Cases)
        {
            await AssertRefusedAsync(client, body, code, "f");
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Serve_DuplicateProperty_Is400WithItsErrorCode()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "Serve", "testing-flags.json");
        await using var serve = await VexilProcess.StartServeAsync([file]);
        using var client = new HttpClient { BaseAddress = serve.Address };

        foreach (var (body, code) in Cases)
        {
            await AssertRefusedAsync(client, body, code, "boolean-flag");
        }
    }

    private static async Task AssertRefusedAsync(HttpClient client, string body, string code, string flag)
    {
        using var single = await client.PostAsync($"/ofrep/v1/evaluate/flags/{flag}", body);
        using var bulk = await client.PostAsync("/ofrep/v1/evaluate/flags", body);

        Assert.True(HttpStatusCode.BadRequest == single.StatusCode, $"{body}: single answered {(int)single.StatusCode}");
        var one = await single.JsonAsync();
        Assert.Equal(code, one.GetProperty("errorCode").GetString());
        Assert.Equal(flag, one.GetProperty("key").GetString());
        Assert.True(HttpStatusCode.BadRequest == bulk.StatusCode, $"{body}: bulk answered {(int)bulk.StatusCode}");
        var all = await bulk.JsonAsync();
        Assert.Equal(code, all.GetProperty("errorCode").GetString());
        Assert.Contains("twice", all.GetProperty("errorDetails").GetString(), StringComparison.Ordinal);
    }

    private static async Task WaitForRulesetAsync(HttpClient client)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var response = await client.PostAsync("/ofrep/v1/evaluate/flags", """{"context":{"targetingKey":"u1"}}""");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            Assert.True(attempt < 200, $"the edge never held a ruleset: {(int)response.StatusCode}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
