using System.Net;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Documentation;

/// <summary>
/// docs/operations.md "First steps with curl", request for request: a project, a flag, the kill switch on, a named
/// server key, and the OFREP answer the walkthrough shows.
/// </summary>
public sealed class FirstStepsWalkthroughTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact(Timeout = 30_000)]
    public async Task TheWalkthrough_EndsWithTheFlagEvaluatedOn()
    {
        var admin = fixture.Admin;
        var project = await admin.CreateProjectAsync();
        (await admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/flags", """{"key":"new-checkout","type":"boolean","name":"New checkout","variations":[{"key":"on","value":true},{"key":"off","value":false}]}""")).EnsureSuccessStatusCode();
        using var read = await admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/environments/production/flags/new-checkout");
        (await admin.SendAsync(HttpMethod.Put, $"/api/v1/projects/{project}/environments/production/flags/new-checkout/enabled", """{"enabled":true}""", read.ETag())).EnsureSuccessStatusCode();
        using var created = await admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/environments/production/sdk-keys", """{"kind":"server","name":"checkout-api"}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var sdk = fixture.Server.Client((await created.JsonAsync()).GetProperty("key").GetString()!);

        using var response = await sdk.SendAsync(HttpMethod.Post, "/ofrep/v1/evaluate/flags/new-checkout", """{"context":{"targetingKey":"user-42"}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("new-checkout", body.GetProperty("key").GetString());
        Assert.True(body.GetProperty("value").GetBoolean());
        Assert.Equal("on", body.GetProperty("variant").GetString());
        Assert.Equal("STATIC", body.GetProperty("reason").GetString());
    }
}
